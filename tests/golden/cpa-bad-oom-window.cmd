cpa scenarios/cause6-cpa-undersized.yaml --oom-window 0s

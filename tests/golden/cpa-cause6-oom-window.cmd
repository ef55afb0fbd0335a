cpa scenarios/cause6-cpa-undersized.yaml --nodes 861 --oom-window 1h

cpa scenarios/cause6-cpa-undersized.yaml

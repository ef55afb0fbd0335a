whatif scenarios/cause6-cpa-undersized.yaml scenarios/solution6-cpa-ladder.change.yaml

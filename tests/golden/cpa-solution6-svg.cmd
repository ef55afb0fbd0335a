cpa scenarios/solution6-cpa-ladder.yaml -o svg

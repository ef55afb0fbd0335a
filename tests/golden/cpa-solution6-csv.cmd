cpa scenarios/solution6-cpa-ladder.yaml --nodes 95..105 -o csv

cpa scenarios/cause6-cpa-undersized.yaml --nodes 0..6000

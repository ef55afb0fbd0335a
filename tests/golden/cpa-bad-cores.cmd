cpa scenarios/cause6-cpa-undersized.yaml --cores 0..10

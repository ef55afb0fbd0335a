cpa scenarios/cause6-cpa-undersized.yaml --timeline 0:10,5m:100,5m:200

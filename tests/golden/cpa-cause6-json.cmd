cpa scenarios/cause6-cpa-undersized.yaml --at 50,500,5000 -o json

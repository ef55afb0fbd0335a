cpa scenarios/cause6-cpa-undersized.yaml --nodes 1..100 --cores 8..64

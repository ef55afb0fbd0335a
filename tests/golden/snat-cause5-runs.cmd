snat scenarios/cause5-snat-exhaustion.yaml --runs 4 --agent-restart 20m

snat scenarios/cause5-snat-exhaustion.yaml --agent-restart 20m -o svg

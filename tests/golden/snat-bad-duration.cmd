snat scenarios/cause5-snat-exhaustion.yaml --duration 2x

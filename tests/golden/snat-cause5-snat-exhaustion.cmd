snat scenarios/cause5-snat-exhaustion.yaml

whatif scenarios/cause5-snat-exhaustion.yaml scenarios/solution5b-outbound-ports.change.yaml

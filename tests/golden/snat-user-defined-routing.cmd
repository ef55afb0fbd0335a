snat scenarios/solution4-egress-opens-9000.yaml

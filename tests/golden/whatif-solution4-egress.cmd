whatif scenarios/cause4-egress-blocks-tunnel-front.yaml scenarios/solution4-open-9000.change.yaml

check scenarios/cause4-egress-blocks-tunnel-front.yaml

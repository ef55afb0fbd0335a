check scenarios/cause4-egress-blocks-aks-link.yaml

snat scenarios/solution5c-nat-gateway.yaml

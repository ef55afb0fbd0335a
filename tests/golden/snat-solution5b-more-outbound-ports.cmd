snat scenarios/solution5b-more-outbound-ports.yaml

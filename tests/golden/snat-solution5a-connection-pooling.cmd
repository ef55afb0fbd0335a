snat scenarios/solution5a-connection-pooling.yaml

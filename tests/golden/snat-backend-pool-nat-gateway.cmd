snat scenarios/solution5c-nat-gateway.yaml --backend-pool 210@20m

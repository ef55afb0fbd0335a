snat scenarios/snat-daily-peak.yaml --duration 2h --simulated-nodes 10 --backend-pool 101@1h20m

snat scenarios/snat-daily-peak.yaml --duration 3h30m --simulated-nodes 10 --assume lb-fin-hold=60s

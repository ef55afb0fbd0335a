cpa scenarios/solution6-cpa-ladder.yaml --timeline 0:10,10m:100,1h:400,90m:1000

cpa tests/golden/cpa-cores-ladder.yaml --cores 1000..20000

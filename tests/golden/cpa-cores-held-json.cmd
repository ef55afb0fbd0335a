cpa tests/golden/cpa-cores-ladder.yaml --nodes 1..2000 --cores 4096 -o json

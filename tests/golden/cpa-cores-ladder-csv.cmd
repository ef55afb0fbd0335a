cpa tests/golden/cpa-cores-ladder.yaml --nodes 600 --cores 4090..4100 -o csv

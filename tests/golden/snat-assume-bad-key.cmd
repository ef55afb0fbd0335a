snat scenarios/cause5-snat-exhaustion.yaml --assume fin-hold=1s

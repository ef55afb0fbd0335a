whatif scenarios/contoso-prod.yaml tests/golden/refused-ports.change.yaml

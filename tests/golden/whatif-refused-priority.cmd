whatif scenarios/contoso-prod.yaml tests/golden/refused-changes.change.yaml

apply scenarios/contoso-prod.yaml tests/golden/refused-ports-multiple.change.yaml -o /tmp/never-written.yaml

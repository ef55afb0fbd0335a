snat tests/golden/snat-capacity-error.yaml

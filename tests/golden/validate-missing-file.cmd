validate tests/invalid/does-not-exist.yaml

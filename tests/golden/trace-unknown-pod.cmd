trace scenarios/contoso-prod.yaml --pod default/nope-0

validate scenarios/contoso-prod.yaml

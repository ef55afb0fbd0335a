check scenarios/contoso-prod.yaml

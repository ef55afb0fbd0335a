lint scenarios/contoso-prod.yaml

check scenarios/contoso-prod.yaml -o json

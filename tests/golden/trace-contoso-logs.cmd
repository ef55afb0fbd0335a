trace scenarios/contoso-prod.yaml --op logs --pod default/web-2

trace scenarios/contoso-prod.yaml --op admission --webhook policy.contoso.com

whatif scenarios/contoso-prod.yaml scenarios/allow-kubelet-in-vnet.change.yaml --fail-on any-failure -o json

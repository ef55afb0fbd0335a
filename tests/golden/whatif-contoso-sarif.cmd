whatif scenarios/contoso-prod.yaml scenarios/allow-kubelet-in-vnet.change.yaml -o sarif

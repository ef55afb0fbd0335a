trace scenarios/cause3-iptables-redirects-kubelet.yaml --from-node aks-nodepool1-03055248-vmss000000 --to-node aks-nodepool1-03055248-vmss000002 --port 10250

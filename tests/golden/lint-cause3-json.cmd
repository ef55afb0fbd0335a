lint scenarios/cause3-iptables-drops-kubelet.yaml -o json

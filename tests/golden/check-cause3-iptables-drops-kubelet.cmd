check scenarios/cause3-iptables-drops-kubelet.yaml

check scenarios/cause3-iptables-redirects-kubelet.yaml

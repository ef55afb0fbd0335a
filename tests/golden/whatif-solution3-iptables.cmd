whatif scenarios/cause3-iptables-drops-kubelet.yaml scenarios/solution3-iptables-delete-drop.change.yaml

check scenarios/solution2b-ufw-allows-kubelet.yaml

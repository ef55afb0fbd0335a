check scenarios/solution1-nsg-allows-kubelet.yaml

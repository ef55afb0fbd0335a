whatif scenarios/cause2-ufw-blocks-kubelet.yaml scenarios/solution2-ufw-allow-kubelet.change.yaml

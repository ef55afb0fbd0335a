graph scenarios/cause2-ufw-blocks-kubelet.yaml

lint scenarios/cause2-ufw-blocks-kubelet.yaml -o sarif

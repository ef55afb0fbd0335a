check scenarios/solution2a-ufw-disabled.yaml

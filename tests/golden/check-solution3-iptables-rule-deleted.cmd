check scenarios/solution3-iptables-rule-deleted.yaml

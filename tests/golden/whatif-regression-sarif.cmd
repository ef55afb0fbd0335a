whatif scenarios/solution1-nsg-allows-kubelet.yaml scenarios/deny-tunnel-egress.change.yaml -o sarif

#!/usr/bin/env bash
# The README's first command: installs what is missing, builds tunnelsim, and runs the main job
# on the bundled scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target tunnelsim
./build/cli/tunnelsim validate scenarios/contoso-prod.yaml
# The bundled scenario has an NSG that blocks 10250, so check reports failures and exits 1.
status=0
./build/cli/tunnelsim check scenarios/contoso-prod.yaml || status=$?
echo "tunnelsim check exited $status (0: everything works, 1: something fails, 2: bad input)"
[ "$status" -le 1 ]

#!/usr/bin/env bash
# The README's first command: installs what is missing, builds tunnelsim, and runs the main job
# on the bundled scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target tunnelsim
./build/cli/tunnelsim validate scenarios/contoso-prod.yaml

#!/usr/bin/env bash
# The README's second command, and what CI runs: installs what is missing, builds everything
# with warnings as errors, runs every test, then runs them again under AddressSanitizer and
# UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
jobs=$(nproc)
# As root (CI is), the differential tests against the kernel must run, not skip.
if [ "$(id -u)" -eq 0 ]; then export TUNNELSIM_DIFF_REQUIRE=1; fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTUNNELSIM_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTUNNELSIM_WERROR=ON \
  -DTUNNELSIM_SANITIZE=ON -DTUNNELSIM_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs")

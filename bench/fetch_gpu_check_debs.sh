#!/usr/bin/env bash
# Downloads (here, where Debian's registry is reachable) the few packages the kernels
# build needs beyond CMake, ninja and nvcc, into .debs/ (git-ignored), so a device
# machine with no registry can build: give `.debs` to the device tool's `carry`, and
# bench/gpu_check.sh unpacks them before configuring.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .debs
cd .debs
apt-get download libgtest-dev libgmock-dev libbenchmark-dev libbenchmark1debian libcli11-dev nlohmann-json3-dev
ls -l

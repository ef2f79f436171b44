#!/usr/bin/env bash
# Configures, builds and runs every test. CUDA code is compiled when nvcc is found
# (PROOFAGG_CUDA=AUTO); GPU tests skip with the reason when no device is present.
# Usage: scripts/test.sh [build-dir] (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
jobs=$(nproc)

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release ${PROOFAGG_CMAKE_ARGS:-}
cmake --build "$build_dir" -j "$jobs"
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"

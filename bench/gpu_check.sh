#!/usr/bin/env bash
# The one GPU check: builds with CUDA for sm_90 (plus PTX), runs every GPU test (GPU
# against CPU on fresh random inputs) and the kernel benchmarks, and prints a short
# table last. Meant for a machine with a device (an H200 here); under 8 minutes.
# Usage: bench/gpu_check.sh [build-dir]   (default: build-gpu)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build-gpu}
out_dir=${OUT:-$build_dir/gpu_check}
mkdir -p "$out_dir"

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPROOFAGG_CUDA=ON \
  -DCMAKE_CUDA_ARCHITECTURES=90 >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target kernels_tests proofagg-bench-arith

# GPU tests: a skip here means the device was not usable, which is a failure for this script.
"$build_dir/bin/kernels_tests" --gtest_filter='Gpu*' --gtest_output="json:$out_dir/gpu_tests.json" |
  tee "$out_dir/gpu_tests.log"
if grep -q "SKIPPED" "$out_dir/gpu_tests.log"; then
  echo "gpu_check: GPU tests were skipped (no usable device)" >&2
  exit 1
fi

"$build_dir/bin/proofagg-bench-arith" --benchmark_min_time=0.2 \
  --benchmark_out="$out_dir/arith_bench.json" --benchmark_out_format=json >/dev/null

echo
echo "== gpu_check summary =="
python3 - "$out_dir/gpu_tests.json" "$out_dir/arith_bench.json" <<'PY'
import json, sys
tests = json.load(open(sys.argv[1]))
for suite in tests["testsuites"]:
    for t in suite["testsuite"]:
        status = "FAIL" if t.get("failures") else "ok"
        print(f"{'test ' + suite['name'] + '.' + t['name']:<50} {status:>8} {t['time']:>10}")
for b in json.load(open(sys.argv[2]))["benchmarks"]:
    print(f"{'bench ' + b['name']:<50} {b['real_time']:>10.1f} {b['time_unit']}")
PY

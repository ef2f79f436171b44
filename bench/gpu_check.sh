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
bench_log="$out_dir/kernel_bench.jsonl"
: >"$bench_log"

nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv,noheader || true
# A device machine has no package registry: packages carried in .debs/ (made by
# bench/fetch_gpu_check_debs.sh) are unpacked into a private prefix CMake searches.
if compgen -G ".debs/*.deb" >/dev/null; then
  prefix=/tmp/proofagg-debs
  mkdir -p "$prefix"
  for deb in .debs/*.deb; do
    if command -v dpkg-deb >/dev/null; then
      dpkg-deb -x "$deb" "$prefix"
    else  # a .deb is an ar archive holding data.tar.*
      member=$(ar t "$deb" | grep '^data\.tar')
      ar p "$deb" "$member" | tar -x -a -f - -C "$prefix" 2>/dev/null || ar p "$deb" "$member" | tar -xJ -C "$prefix"
    fi
  done
  # Both spellings: without Debian's multiarch CMake would not look in lib/x86_64-linux-gnu.
  export CMAKE_PREFIX_PATH="$prefix/usr:$prefix/usr/lib/x86_64-linux-gnu/cmake${CMAKE_PREFIX_PATH:+:$CMAKE_PREFIX_PATH}"
  export LD_LIBRARY_PATH="$prefix/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# Kernels only: the service's packages (gRPC, PostgreSQL, ...) are not needed here.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPROOFAGG_CUDA=ON -DPROOFAGG_KERNELS_ONLY=ON \
  -DCMAKE_CUDA_ARCHITECTURES=90 >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target kernels_tests proofagg-bench proofagg-bench-arith

# GPU tests: a skip here means the device was not usable, which is a failure for this script.
"$build_dir/bin/kernels_tests" --gtest_filter='Gpu*' --gtest_output="json:$out_dir/gpu_tests.json" |
  tee "$out_dir/gpu_tests.log"
if grep -q "SKIPPED" "$out_dir/gpu_tests.log"; then
  echo "gpu_check: GPU tests were skipped (no usable device)" >&2
  exit 1
fi

bench() { "$build_dir/bin/proofagg-bench" "$@" | tee -a "$bench_log"; }
for log in 16 20 22 24; do
  bench ntt --log-size "$log" --backend cuda --repeats 7
  bench msm-g1 --log-size "$log" --backend cuda --repeats 5
done
bench msm-g2 --log-size 20 --backend cuda --repeats 5
# The same machine's CPU (all its cores) as the peer measured in this run.
bench ntt --log-size 20 --backend cpu --repeats 3
bench msm-g1 --log-size 20 --backend cpu --repeats 3

"$build_dir/bin/proofagg-bench-arith" --benchmark_min_time=0.2 \
  --benchmark_out="$out_dir/arith_bench.json" --benchmark_out_format=json >/dev/null

echo
echo "== gpu_check summary =="
python3 - "$out_dir/gpu_tests.json" "$bench_log" "$out_dir/arith_bench.json" <<'PY'
import json, sys
tests = json.load(open(sys.argv[1]))
for suite in tests["testsuites"]:
    for t in suite["testsuite"]:
        status = "FAIL" if t.get("failures") else "ok"
        print(f"{'test ' + suite['name'] + '.' + t['name']:<50} {status:>8} {t['time']:>10}")
floor_bytes_per_s = 4.3e12  # H200 HBM3e
for line in open(sys.argv[2]):
    b = json.loads(line)
    extra = ""
    if b["op"] == "ntt" and b["backend"] == "cuda":
        # Bytes the passes move: read + write of 32-byte elements per pass; radix-4
        # passes for all but 10 stages, one shared-memory pass, one bit reversal.
        log, n = b["log_size"], b["size"]
        passes = (max(0, log - 10) + 1) // 2 + 1 + 1
        floor_ms = passes * 2 * 32 * n / floor_bytes_per_s * 1e3
        extra = f"  ({b['median_ms'] / floor_ms:.1f}x of {floor_ms:.3f} ms bandwidth floor for {passes} passes)"
    print(f"{'bench ' + b['op'] + ' 2^' + str(b['log_size']) + ' ' + b['backend']:<50} {b['median_ms']:>10.2f} ms{extra}")
for b in json.load(open(sys.argv[3]))["benchmarks"]:
    print(f"{'bench ' + b['name']:<50} {b['real_time']:>10.1f} {b['time_unit']}")
PY

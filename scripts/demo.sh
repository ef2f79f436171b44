#!/usr/bin/env bash
# Builds proofagg, starts proofagg-server on its embedded defaults (SQLite store in a
# temporary data folder, 12-second slots on Ethereum mainnet's slot clock, /metrics on
# 127.0.0.1:9464), then acts as rollups would: registers the snarkjs fixtures'
# verifying keys, submits every fixture proof (plus a duplicate and a forged one),
# waits for the slot to close and prints the slot result and one inclusion path.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release ${PROOFAGG_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target proofagg proofagg-server
cli="$build_dir/bin/proofagg"
fixtures="${PROOFAGG_SHARED_DIR:-../shared}/fixtures/snarkjs"
port=${PROOFAGG_DEMO_PORT:-50051}
server=(--server "127.0.0.1:$port")

data=$(mktemp -d)
"$build_dir/bin/proofagg-server" --listen "127.0.0.1:$port" --data-dir "$data" > "$data/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$data"' EXIT
# Ready once a call reaches the server (an unknown job answers NOT_FOUND).
for _ in $(seq 100); do
  [[ "$("$cli" status no-such-job "${server[@]}" --timeout 1 2>&1)" == NOT_FOUND* ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 0.1
done
echo "proofagg-server is up on 127.0.0.1:$port (log: $data/server.log)"

declare -A vk_hash
for circuit in multiplier poseidon_chain poseidon_preimage; do
  vk_hash[$circuit]=$("$cli" register-vk "${server[@]}" --vk "$fixtures/$circuit/verification_key.json" |
                      sed 's/.*"vk_hash":"\([^"]*\)".*/\1/')
  echo "registered $circuit: vk_hash ${vk_hash[$circuit]}"
done

first_job="" slot=0
for circuit in multiplier poseidon_chain poseidon_preimage; do
  for proof in "$fixtures/$circuit"/proof_*.json; do
    i=${proof##*_}; i=${i%.json}
    reply=$("$cli" submit "${server[@]}" --vk-hash "${vk_hash[$circuit]}" --rollup "rollup-$circuit" \
            --proof "$proof" --public "$fixtures/$circuit/public_$i.json")
    echo "submitted $circuit proof $i: $reply"
    job=$(sed 's/.*"job_id":"\([^"]*\)".*/\1/' <<< "$reply")
    s=$(sed 's/.*"slot":\([0-9]*\).*/\1/' <<< "$reply")
    [ -n "$first_job" ] || first_job=$job
    (( s > slot )) && slot=$s
  done
done
echo "the same proof again is the same job: $("$cli" submit "${server[@]}" --vk-hash "${vk_hash[multiplier]}" \
  --rollup rollup-multiplier --proof "$fixtures/multiplier/proof_0.json" --public "$fixtures/multiplier/public_0.json")"
echo "a proof with another statement's public signals is refused:"
"$cli" submit "${server[@]}" --vk-hash "${vk_hash[multiplier]}" --rollup rollup-multiplier \
  --proof "$fixtures/multiplier/proof_0.json" --public "$fixtures/multiplier/public_1.json" || echo "(exit $?)"

echo
echo "waiting for slot $slot to close (up to one 12-second slot)..."
"$cli" aggregate-get "${server[@]}" --wait "$slot"
echo
echo "where the first proof went (its leaf's path to the slot root):"
"$cli" status "${server[@]}" "$first_job"
echo
echo "a few of the server's metrics (http://127.0.0.1:9464/metrics):"
exec 3<>/dev/tcp/127.0.0.1/9464 && printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3 &&
  grep -E '^proofagg_(submissions_total|proofs_included_total|slots_aggregated_total)' <&3 || true

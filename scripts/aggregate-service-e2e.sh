#!/usr/bin/env bash
# The server's aggregation pipeline end to end, with a worker killed mid-task: a
# throwaway PostgreSQL, one proofagg-server in the api role (intake, slot closing,
# proving tasks planned at each close) and two in the worker role sharing it; two
# proofs of two snarkjs fixture circuits are submitted into one slot; the worker that
# takes the slot's first task is killed with SIGKILL while proving it; the other
# takes the task over once its lease runs out and proves the slot to the end. Then:
# the slot result is proven, holds each proof once (each job included at its own
# leaf) under the root of each job's inclusion path, and its aggregate proof passes
# `snarkjs groth16 verify` with public signals that are the slot's statement. A
# second slot of two more proofs is then proven by the surviving worker with its keys
# already loaded. Prints the stages' times from the workers' logs and the time from
# each slot's cut-off to its proof.
#
# Keys are development keys for leaves of 2, one node level (as scripts/aggregate-e2e.sh,
# which shares the folder): about 10 minutes and 24 GB at peak to make, once.
#   scripts/aggregate-service-e2e.sh [build-dir] [keys-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
keys=${2:-${build_dir}/aggregation-keys-dev}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release ${PROOFAGG_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target proofagg proofagg-server
cli="$build_dir/bin/proofagg"
server_bin="$build_dir/bin/proofagg-server"
fixtures="$(cd "${PROOFAGG_SHARED_DIR:-../shared}/fixtures/snarkjs" && pwd)"
snarkjs=tests/crosscheck/node_modules/.bin/snarkjs
[ -x "$snarkjs" ] || npm ci --prefix tests/crosscheck --no-audit --no-fund --loglevel=error
if [ ! -f "$keys/manifest.json" ] || [ ! -f "$keys/verification_key.json" ]; then
  /usr/bin/env time -f "keys: %e s, %M kB peak" "$cli" aggregation-keys --development --out "$keys" \
    --leaf-capacity 2 --max-inputs 2 --depth 1
fi

work=$(mktemp -d /tmp/proofagg-e2e-XXXXXX)  # short: PostgreSQL's socket lives here
chmod 755 "$work"
pids=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --no-sync >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-k $work -c listen_addresses=''" start >/dev/null
store="postgresql:///postgres?host=$work&user=postgres"

# Slots of 12 s from now on; a lease of 20 s, so the killed worker's task is taken
# over soon after.
genesis=$(( $(date +%s%3N) ))
common=(--store "$store" --genesis-unix-ms "$genesis" --slot-ms 12000 --cutoff-ms 3000
        --aggregation-keys "$keys" --task-lease-ms 20000 --prover-backend cpu)
port=$(( 20000 + RANDOM % 20000 ))
"$server_bin" "${common[@]}" --role api --listen "127.0.0.1:$port" --metrics-listen "" --data-dir "$work/api" \
  --node-id api > "$work/api.log" 2>&1 &
pids+=($!)
for w in a b; do
  "$server_bin" "${common[@]}" --role worker --metrics-listen "" --data-dir "$work/$w" --node-id "worker-$w" \
    > "$work/worker-$w.log" 2>&1 &
  pids+=($!)
  eval "worker_${w}_pid=$!"
done
server=(--server "127.0.0.1:$port")
for _ in $(seq 100); do
  grep -q "listening on" "$work/api.log" && break
  sleep 0.1
done

declare -A vk_hash
for c in multiplier poseidon_preimage; do
  vk_hash[$c]=$("$cli" register-vk "${server[@]}" --vk "$fixtures/$c/verification_key.json" |
                sed 's/.*"vk_hash":"\([^"]*\)".*/\1/')
done
# Submits proof number $1 of each circuit; sets jobs and slot.
submit_slot() {
  jobs=() slot=0
  for c in multiplier poseidon_preimage; do
    reply=$("$cli" submit "${server[@]}" --vk-hash "${vk_hash[$c]}" --rollup "rollup-$c" \
            --proof "$fixtures/$c/proof_$1.json" --public "$fixtures/$c/public_$1.json")
    jobs+=("$(sed 's/.*"job_id":"\([^"]*\)".*/\1/' <<< "$reply")")
    s=$(sed 's/.*"slot":\([0-9]*\).*/\1/' <<< "$reply")
    (( s > slot )) && slot=$s
  done
  echo "submitted ${#jobs[@]} proofs for slot $slot"
}
# Waits for the slot's proof and checks it: proven, each job included once under
# its root, the proof accepted by snarkjs with the slot's statement as its signals.
check_slot() {
  /usr/bin/env time -f "waited %e s for slot $slot's proof" "$cli" aggregate-get "${server[@]}" --wait "$slot" \
    --out "$work/slot-$slot" > "$work/result.json"
  grep -q '"state": "proven"' "$work/result.json" || { cat "$work/result.json" "$work"/*.log >&2; exit 1; }
  root=$(tr -d ' \n' < "$work/result.json" | sed 's/.*"root":"\([^"]*\)".*/\1/')
  grep -q "\"count\": ${#jobs[@]}," "$work/result.json" || { cat "$work/result.json" >&2; exit 1; }
  leaves=()
  for job in "${jobs[@]}"; do
    status=$("$cli" status "${server[@]}" "$job")
    grep -q '"state":"included"' <<< "$status" || { echo "job $job: $status" >&2; exit 1; }
    grep -q "\"root\":\"$root\"" <<< "$status" || { echo "job $job is not under root $root: $status" >&2; exit 1; }
    leaves+=("$(sed 's/.*"leaf_index":\([0-9]*\).*/\1/' <<< "$status")")
  done
  [ "$(printf '%s\n' "${leaves[@]}" | sort -u | wc -l)" = "${#jobs[@]}" ] || { echo "leaves ${leaves[*]}" >&2; exit 1; }
  "$snarkjs" groth16 verify "$keys/verification_key.json" "$work/slot-$slot/public.json" "$work/slot-$slot/proof.json"
  node -e '
    const [signals, root, count, slot] = [JSON.parse(require("fs").readFileSync(process.argv[1])), process.argv[2],
                                          process.argv[3], process.argv[4]];
    const hex = root.replace(/^0x/, "");
    const want = [BigInt("0x" + hex.slice(0, 32)), BigInt("0x" + hex.slice(32)), BigInt(count), BigInt(slot)];
    if (signals.length !== 4 || signals.some((s, i) => BigInt(s) !== want[i])) {
      console.error("public signals " + signals + " are not the slot statement " + want); process.exit(1);
    }
    console.log("public signals: the root halves, count " + count + ", slot " + slot);
  ' "$work/slot-$slot/public.json" "$root" "${#jobs[@]}" "$slot"
}

submit_slot 0

# The worker that takes the slot's first task dies halfway into proving it.
victim="" survivor=""
for _ in $(seq 600); do
  if grep -q "slot-$slot/0/0 .*proving" "$work/worker-a.log"; then victim=a survivor=b; break; fi
  if grep -q "slot-$slot/0/0 .*proving" "$work/worker-b.log"; then victim=b survivor=a; break; fi
  sleep 0.1
done
[ -n "$victim" ] || { echo "no worker took the slot's leaf" >&2; cat "$work"/*.log >&2; exit 1; }
sleep 30
victim_pid_var="worker_${victim}_pid"
kill -KILL "${!victim_pid_var}"
echo "worker-$victim killed with SIGKILL while proving the leaf; worker-$survivor should take it over"

check_slot
grep -q "slot-$slot/0/0 (leaf of slot $slot, attempt 2)" "$work/worker-$survivor.log" ||
  { echo "the survivor did not take the killed worker's task over" >&2; exit 1; }
first_slot=$slot

# The next slot, proven by the survivor with its keys loaded. Its proofs go in just
# after a slot starts, so its leaf is handed out about 9 s before the cut-off.
now=$(date +%s%3N)
sleep "$(( 12000 - (now - genesis) % 12000 + 300 ))e-3"
submit_slot 1
check_slot

echo "--- api (leaves handed out while their slot is open, slot closes) ---"
grep -E "handed out|proofs, root" "$work/api.log" | sed 's/^\[[0-9-]* //; s/\] \[info\]//'
echo "--- worker-$survivor (took over slot $first_slot's leaf, then proved slot $slot too) ---"
grep -E "proven in|after the cut-off|attempt" "$work/worker-$survivor.log" | sed 's/^.*\] //'
echo "--- worker-$victim (killed with SIGKILL mid-task) ---"
grep -E "proving" "$work/worker-$victim.log" | sed 's/^.*\] //'
echo "aggregate-service-e2e: OK"

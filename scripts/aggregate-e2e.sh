#!/usr/bin/env bash
# One slot aggregated end to end on this machine: development keys for a tree of
# leaves of 2 proofs and one node level (leaf, node, plain wrapper), a slot of two
# proofs of two different snarkjs fixture circuits proven through all of it, the
# wrapper's proof checked by snarkjs and on the EVM (the exported Solidity), and an
# invalid input refused with nothing written. Prints each stage's time. Keys are made
# once into the keys folder (about 10 minutes and 24 GB at peak on a 2-core machine),
# then reused.
#   scripts/aggregate-e2e.sh [build-dir] [keys-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
keys=${2:-${build_dir}/aggregation-keys-dev}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release ${PROOFAGG_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target proofagg
cli="$build_dir/bin/proofagg"
fixtures="$(cd "${PROOFAGG_SHARED_DIR:-../shared}/fixtures/snarkjs" && pwd)"
snarkjs=tests/crosscheck/node_modules/.bin/snarkjs
[ -x "$snarkjs" ] || npm ci --prefix tests/crosscheck --no-audit --no-fund --loglevel=error

if [ ! -f "$keys/manifest.json" ]; then
  /usr/bin/env time -f "keys: %e s, %M kB peak" "$cli" aggregation-keys --development --out "$keys" \
    --leaf-capacity 2 --max-inputs 2 --depth 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for c in multiplier poseidon_preimage; do
  echo "$fixtures/$c/verification_key.json $fixtures/$c/proof_0.json $fixtures/$c/public_0.json"
done > "$work/inputs.txt"

/usr/bin/env time -f "aggregate: %e s, %M kB peak" "$cli" aggregate --keys "$keys" --inputs "$work/inputs.txt" \
  --slot 42 --out "$work/slot"
"$snarkjs" groth16 verify "$work/slot/verification_key.json" "$work/slot/public.json" "$work/slot/proof.json"
echo "public signals (root halves, count, slot): $(tr -d ' \n' < "$work/slot/public.json")"
# The exported Solidity verifier and slot roots on the EVM, with this aggregate.
node tests/crosscheck/evm_solidity.mjs "$cli" --aggregate "$work/slot"

# A changed public signal: refused before any proving, nothing written.
echo '["34"]' > "$work/wrong.json"
echo "$fixtures/multiplier/verification_key.json $fixtures/multiplier/proof_0.json $work/wrong.json" >> "$work/inputs.txt"
if "$cli" aggregate --keys "$keys" --inputs "$work/inputs.txt" --slot 43 --out "$work/refused"; then
  echo "an invalid input was aggregated" >&2
  exit 1
fi
[ ! -e "$work/refused" ] || { echo "a refused aggregate wrote files" >&2; exit 1; }
echo "aggregate-e2e: OK"

#!/usr/bin/env bash
# Builds proofagg and runs it on real inputs. Until the service lands, the demo is
# the layers below it: Ethereum's precompile calls, then Groth16 on snarkjs's
# fixtures (verify a snarkjs proof, make keys from the .ptau, prove, verify, batch).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release ${PROOFAGG_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target proofagg
cli="$build_dir/bin/proofagg"

# G1 generator (1, 2) plus itself, then times 2: both give 2G.
g="$(printf '%064x%064x' 1 2)"
echo "ecAdd(G, G)     = $("$cli" precompile add "$g$g")"
echo "ecMul(G, 2)     = $("$cli" precompile mul "$g$(printf '%064x' 2)")"
# e(G1, G2) * e(-G1, G2) == 1 with the EIP-197 generator of G2.
g2="198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
g2+="1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
g2+="090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
g2+="12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
neg_g="$(printf '%064x' 1)30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45"
echo "ecPairing(G1,G2 ; -G1,G2) = $("$cli" precompile pairing "$g$g2$neg_g$g2")"
echo "A non-canonical coordinate is refused:"
"$cli" precompile add "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47" || echo "(exit $?)"

shared=${PROOFAGG_SHARED_DIR:-../shared}
fixtures="$shared/fixtures/snarkjs"
if [ -d "$fixtures" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  c="$fixtures/poseidon_preimage"
  echo
  echo "snarkjs's proof of a Poseidon preimage: $("$cli" verify --vk "$c/verification_key.json" --proof "$c/proof_0.json" --public "$c/public_0.json")"
  "$cli" setup --r1cs "$c/poseidon_preimage.r1cs" --ptau "$fixtures/pot12_final.ptau" --zkey "$work/c.zkey" --vk "$work/vk.json"
  echo "keys from the powers-of-tau ceremony plus one contribution: $work/c.zkey"
  "$cli" prove --zkey "$work/c.zkey" --wtns "$c/witness_1.wtns" --proof "$work/proof.json" --public "$work/public.json"
  echo "proofagg's proof under its own key: $("$cli" verify --vk "$work/vk.json" --proof "$work/proof.json" --public "$work/public.json")"
  echo "the same proof with another witness's public signals: $("$cli" verify --vk "$work/vk.json" --proof "$work/proof.json" --public "$c/public_0.json" || true)"
  for circuit in multiplier poseidon_preimage poseidon_chain; do
    for i in 0 1; do
      echo "$fixtures/$circuit/verification_key.json $fixtures/$circuit/proof_$i.json $fixtures/$circuit/public_$i.json"
    done
  done > "$work/batch.txt"
  echo "one batch of every snarkjs fixture proof:"
  "$cli" verify-batch "$work/batch.txt"
fi

// What the circuit benchmarks share: a circuit that verifies a snarkjs fixture
// proof with its key fixed (the node's and the wrapper's case), and a timer.
#pragma once

#include <chrono>
#include <vector>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/lookup.hpp"
#include "aggregator/circuit/std/groth16.hpp"
#include "bench/fixture.hpp"

namespace proofagg::bench {

template <class F>
double seconds_of(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The fixture's proof verified for its inputs (their canonical 254-bit encodings),
// which are the circuit's public inputs; finalized.
inline void describe_fixture_verification(circuit::Builder& b, const Fixture& f) {
  // 16-bit lookup chunks, fixed up front as a large circuit's (the cheapest for it
  // anyway), so that range-checked hints come as chunks.
  if (b.committed()) b.set_lookup_chunk_bits(circuit::RangeLookup::kMaxChunkBits);
  circuit::EmulatedFq fq(b);
  circuit::EmulatedTower tower(fq);
  circuit::Groth16FixedKeyVerifier verifier(tower, f.vk);
  const auto proof = verifier.private_proof(f.proof);
  std::vector<std::vector<circuit::Variable>> bits;
  for (const ff::Fr& x : f.inputs) bits.push_back(circuit::to_bits_below_r(b, b.public_input(x)));
  verifier.assert_verifies(proof, bits);
  b.finalize();
}

// The leaf's work for k proofs of one key: the key as a witness bound to its vk_hash,
// k proofs (the fixture's, in turn) in one batched pairing check.
inline void describe_fixture_batch_verification(circuit::Builder& b, const FixtureProofs& f, std::size_t k) {
  if (b.committed()) b.set_lookup_chunk_bits(circuit::RangeLookup::kMaxChunkBits);
  circuit::EmulatedFq fq(b);
  circuit::EmulatedTower tower(fq);
  circuit::Groth16WitnessKeyVerifier verifier(tower);
  const auto key = verifier.private_key(f.vk);
  std::vector<circuit::Groth16ProofVar> proofs;
  std::vector<std::vector<std::vector<circuit::Variable>>> bits;
  for (std::size_t j = 0; j < k; ++j) {
    const std::size_t which = j % f.proofs.size();
    proofs.push_back(verifier.private_proof(f.proofs[which]));
    bits.emplace_back();
    for (const ff::Fr& x : f.inputs[which]) bits.back().push_back(circuit::to_bits_below_r(b, b.public_input(x)));
  }
  verifier.assert_batch_verifies(key, proofs, bits);
  b.finalize();
}

}  // namespace proofagg::bench

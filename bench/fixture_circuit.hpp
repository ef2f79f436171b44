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

}  // namespace proofagg::bench

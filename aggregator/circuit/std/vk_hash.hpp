// A verifying key given to a circuit as a witness, and its vk_hash: the same
// Poseidon chain as aggregator/commit's vk_hash (the key's identity in the slot
// commitment), recomputed in the circuit so that a witness key is bound to the hash
// a rollup registered. Coordinates are proven canonical (< p) first, so each point
// has one encoding and the chain hashes the integers the native side hashes; each
// coordinate enters as its low 128 bits and its high 126 bits, both below r.
#pragma once

#include <vector>

#include "aggregator/circuit/std/curve.hpp"
#include "aggregator/groth16/types.hpp"

namespace proofagg::circuit {

struct VerifyingKeyVar {
  G1Var alpha;
  G2Var beta, gamma, delta;
  std::vector<G1Var> ic;
};

// The key's points as private inputs with canonical coordinates, on their curves.
// (Whether the G2 points are in G2 is the caller's to check where it matters.)
VerifyingKeyVar private_verifying_key(EmulatedTower& tower, const groth16::VerifyingKey& vk);

// The vk_hash of commit::vk_hash over the key's points (canonical: as
// private_verifying_key makes them).
Variable vk_hash(Builder& b, const VerifyingKeyVar& vk);

}  // namespace proofagg::circuit

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
// The same for a key of a variable number n of public inputs, its IC padded to
// vk.ic.size() points: the selector n (one-hot over 0 .. vk.ic.size() - 1, boolean,
// exactly one set: the caller constrains them) says how many IC points after the
// first are the key's. The chain absorbs n, then the points up to IC_n; the padding
// is hashed too (the shape is fixed) and those digests dropped: the output is the
// selectors' combination of the chain's value after each IC point (one product each).
Variable vk_hash(Builder& b, const VerifyingKeyVar& vk, std::span<const LC> input_count_selectors);

}  // namespace proofagg::circuit

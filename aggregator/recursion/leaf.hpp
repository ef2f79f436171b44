// The leaf aggregation circuit (committed mode): up to `capacity` rollup proofs,
// each under its own verifying key given as a witness and bound to its vk_hash,
// verified in one batched pairing check (circuit/std/groth16.hpp,
// Groth16WitnessKeyVerifier over several keys), and the slot commitment's leaves
// SHA-256(vk_hash ‖ pi_hash) of the proofs it verified, under the statement of
// statement.hpp (root over those leaves, count, slot, root padded to capacity).
//
// What the constraints enforce, and why it suffices:
// - Slot j holds a key of n_j <= max_public_inputs inputs (n_j's selectors, one-hot),
//   a proof and max_public_inputs inputs; the proof verifies under the key for the
//   first n_j inputs, the rest proven zero (private_key_of_at_most), and vk_hash_j is
//   the chain over n_j and the key's first n_j + 1 IC points. So leaf_j commits to
//   exactly the key the rollup registered and the inputs the proof verifies for.
// - pi_hash_j is SHA-256 over the canonical (< r) encodings of exactly those n_j
//   inputs (pi_hash_of_prefix); leaf_j = SHA-256(vk_hash_j ‖ pi_hash_j) as
//   commit::leaf_hash.
// - Padding: used_0 = 1 and used_j <= used_(j-1) (used_j (1 - used_(j-1)) = 0, all
//   boolean), so the used slots are a prefix and count = sum used_j >= 1. An unused
//   slot's leaf is multiplied by used_j = 0, so it is the all-zero leaf of the native
//   padding whatever the slot holds; it must still verify (the honest prover repeats
//   slot 0's proof), which proves nothing about the statement.
// - The tree: padded_root is the Merkle root over all capacity leaves. root is the
//   tree's leftmost node at depth d = ceil(log2 count): used_(2^(i-1)) = 1 exactly
//   when count > 2^(i-1), so the chain of selections over i = 1 .. log2 capacity
//   ends at depth d, and that node is the native root of count leaves padded with
//   zeros to 2^d.
// - The slot is a public input the proof binds (every public input has its own IC
//   point) and that nothing else constrains: the node above requires its children's
//   slots equal.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "aggregator/circuit/builder.hpp"
#include "aggregator/groth16/types.hpp"
#include "aggregator/recursion/statement.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::recursion {

struct LeafShape {
  std::size_t capacity = 8;           // proofs per leaf: a power of two
  std::size_t max_public_inputs = 2;  // of each proof's key
  friend bool operator==(const LeafShape&, const LeafShape&) = default;
};

// One rollup proof for a leaf, verified natively already (the leaf only re-proves it).
struct LeafInput {
  const groth16::VerifyingKey* vk;  // outlives the input
  groth16::Proof proof;
  std::vector<ff::Fr> public_inputs;
};

// The leaf's statement for these proofs; an error for none, more than the capacity,
// or a key of more inputs than the shape has room for.
Result<AggregationStatement> leaf_statement(const LeafShape& shape, std::uint64_t slot,
                                            std::span<const LeafInput> inputs);

// The circuit, finalized. In witness modes `inputs` are the proofs in inclusion
// order (1 to capacity; std::invalid_argument otherwise); in kConstraints mode
// they are ignored (the shape alone fixes the system).
void describe_leaf(circuit::Builder& b, const LeafShape& shape, std::uint64_t slot, std::span<const LeafInput> inputs);

}  // namespace proofagg::recursion

// The node aggregation circuit (committed mode): verifies one or two proofs of the
// aggregation circuit below it (a leaf's, or a node's of the level below), whose
// verifying key is a constant of this circuit, and states (statement.hpp) the root
// over all their leaves.
//
// What the constraints enforce, and why it suffices:
// - Each child's proof verifies under the constant key (Groth16FixedKeyVerifier with
//   the key's commitment: the in-circuit BSB22 check and challenge), for signals
//   given by bits: root and padded-root halves 128 bits, count 32, slot 64. The key
//   is fixed when the circuit is built (its lines are constants), so no prover can
//   substitute a key of their own: whatever the child states, its own circuit proved.
// - The right child is used or not (u, boolean). When unused the honest prover
//   repeats the left child's proof; the statement ignores it (count, roots) apart
//   from its slot, which is its left sibling's anyway.
// - Slots: both children's slots equal this node's slot, so no child of another slot
//   can be combined in (a child's slot is bound by its proof).
// - count = c_0 + u c_1, and u (c_0 - capacity) = 0: a used right child needs a full
//   left one (capacity = the children's capacity), so the leaves are one contiguous
//   prefix of this node's 2 capacity positions. Children's counts are >= 1 (a leaf
//   proves count >= 1; nodes by induction).
// - padded_root = SHA-256(padded_0 ‖ (u ? padded_1 : Z)), Z the constant root of
//   `capacity` all-zero leaves: the root over this node's leaves padded to 2
//   capacity. root = u ? padded_root : root_0: with u = 1 there are more than
//   capacity leaves, so the native tree pads them to 2 capacity, the padded root;
//   with u = 0 they are the left child's, whose root it is.
#pragma once

#include <cstdint>
#include <span>

#include "aggregator/circuit/builder.hpp"
#include "aggregator/groth16/types.hpp"
#include "aggregator/recursion/statement.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::recursion {

// A proof of the circuit below, with the statement it was proven for.
struct NodeChild {
  groth16::Proof proof;
  groth16::CommitmentProof commitment;
  AggregationStatement statement;
  friend bool operator==(const NodeChild&, const NodeChild&) = default;
};

// A child as the bytes one aggregation job hands the next through the store: the
// proof (EIP-197 calldata, 256 bytes), the commitment and its knowledge proof
// (EIP-196 points, 64 bytes each), then the statement: root, count and slot (8
// bytes each, big-endian), padded root. kNodeChildBytes in all; decoding refuses
// another size, points off the curve or outside G2's subgroup, and a count of 0.
inline constexpr std::size_t kNodeChildBytes = 256 + 2 * 64 + 32 + 8 + 8 + 32;
std::vector<std::uint8_t> encode_node_child(const NodeChild& child);
Result<NodeChild> decode_node_child(std::span<const std::uint8_t> bytes);

// The node's statement over 1 or 2 children of `child_capacity` leaves each; an
// error when they cannot be combined (another slot, a partial left child under a
// used right one, a count past the capacity).
Result<AggregationStatement> node_statement(std::size_t child_capacity, std::span<const NodeChild> children);

// The circuit, finalized, verifying children under `child_key` (a key with a
// commitment, of kAggregationSignals statement inputs; std::invalid_argument
// otherwise) for the statement `claimed` (node_statement's, for an honest prover).
// In witness modes `children` are 1 or 2 proofs (std::invalid_argument otherwise);
// in kConstraints mode they and `claimed` are ignored.
void describe_node(circuit::Builder& b, const groth16::VerifyingKey& child_key, std::size_t child_capacity,
                   std::span<const NodeChild> children, const AggregationStatement& claimed);

}  // namespace proofagg::recursion

// The slot commitment of ../shared/design/ARCHITECTURE.md ("Commitments"), assembled
// for one slot: every included proof becomes a leaf SHA-256(vk_hash ‖ pi_hash)
// (aggregator/commit), the leaves in inclusion order form the slot's Merkle tree, and
// the aggregate proof exposes (root, count, slot). The recursion's circuits
// (leaf.hpp, node.hpp) reproduce exactly this, so the inclusion paths given here
// hold against the proven root.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "aggregator/commit/commitments.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::recursion {

// A proof the slot includes, as its commitment sees it.
struct IncludedProof {
  commit::VkHash vk_hash;
  std::vector<ff::Fr> public_inputs;
};

// SHA-256(vk_hash ‖ pi_hash(public_inputs)): the proof's leaf.
Sha256Digest leaf_of(const IncludedProof& proof);

// The aggregate's statement: the Merkle root over the slot's leaves, their count,
// the slot.
struct SlotStatement {
  Sha256Digest root{};
  std::uint64_t count = 0;
  std::uint64_t slot = 0;

  // The public signals of the slot's proof: root[0..16) and root[16..32) as
  // big-endian 128-bit integers (a digest does not fit in Fr), count, slot.
  std::array<ff::Fr, 4> public_signals() const;
  // The same as four 32-byte big-endian words (EVM calldata).
  std::vector<std::uint8_t> evm_words() const;
};

// The digest half root[16 half .. 16 half + 16) as a big-endian integer.
ff::Fr digest_half(const Sha256Digest& digest, std::size_t half);

class SlotCommitment {
 public:
  // Fails on an empty slot (no tree).
  static Result<SlotCommitment> build(std::uint64_t slot, std::span<const IncludedProof> proofs);

  const SlotStatement& statement() const { return statement_; }
  // The siblings of proof `index`'s leaf, leaf level first (commit::verify_inclusion).
  std::vector<Sha256Digest> path(std::size_t index) const { return tree_.path(index); }

 private:
  SlotCommitment(SlotStatement statement, commit::MerkleTree tree)
      : statement_(statement), tree_(std::move(tree)) {}

  SlotStatement statement_;
  commit::MerkleTree tree_;
};

// The slot's inclusion proofs as JSON, for rollups and their contracts:
//   {"slot", "root" (0x-hex), "count", "proofs": [{"index", "vk_hash" (0x-hex),
//    "public_inputs" (decimal strings), "leaf" (0x-hex), "siblings" (0x-hex, leaf
//    level first)}]}, `proofs` the ones the commitment was built from, in order.
std::string inclusion_json(const SlotCommitment& commitment, std::span<const IncludedProof> proofs);

}  // namespace proofagg::recursion

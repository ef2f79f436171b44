// The slot commitments of ../shared/design/ARCHITECTURE.md ("Commitments"): what a
// rollup's proof is recorded as (leaf = SHA-256(vk_hash ‖ pi_hash)) and the Merkle
// tree over a slot's leaves whose root the aggregate proof exposes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "aggregator/sha256/sha256.hpp"
#include "aggregator/groth16/types.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::commit {

// A Poseidon digest: an Fr element, 32 bytes big-endian.
using VkHash = std::array<std::uint8_t, 32>;

// The key's identity, a Poseidon chain cheap to recompute in a circuit:
//   h = Poseidon(tag, n_public), tag = the ASCII bytes "proofagg.vk.v1" read as a
//       big-endian integer, n_public = vk.public_inputs();
//   then h = Poseidon(h, e) for every element e, in this order:
//       alpha.x, alpha.y;
//       beta.x.c0, beta.x.c1, beta.y.c0, beta.y.c1; the same for gamma, then delta;
//       ic[0].x, ic[0].y, ..., ic[n_public].x, ic[n_public].y;
//   where every Fq coordinate (its canonical integer v < q; the point at infinity is
//   (0, 0)) contributes two elements, as q > r: v mod 2^128, then v >> 128 (126 bits).
// Returns the final h as 32 bytes big-endian.
VkHash vk_hash(const groth16::VerifyingKey& vk);

// SHA-256 over the public signals, each a 32-byte big-endian word.
Sha256Digest pi_hash(std::span<const ff::Fr> public_inputs);

// SHA-256(left ‖ right): a Merkle node over its children, and a leaf over its parts.
Sha256Digest sha256_pair(std::span<const std::uint8_t, 32> left, std::span<const std::uint8_t, 32> right);

// SHA-256(vk_hash ‖ pi_hash): a proof's leaf in its slot's tree.
Sha256Digest leaf_hash(const VkHash& vk_hash, const Sha256Digest& pi_hash);

// A binary SHA-256 Merkle tree: the leaves padded with all-zero leaves to the next
// power of two, node = SHA-256(left ‖ right). One leaf is its own root.
class MerkleTree {
 public:
  // Fails on zero leaves: an empty slot has no tree.
  static Result<MerkleTree> build(std::span<const Sha256Digest> leaves);

  const Sha256Digest& root() const { return levels_.back().front(); }
  std::size_t leaf_count() const { return leaf_count_; }  // without the padding

  // The siblings from the leaf level up (log2 of the padded size of them).
  // Precondition: index < leaf_count(); throws std::out_of_range otherwise.
  std::vector<Sha256Digest> path(std::size_t index) const;

 private:
  MerkleTree(std::vector<std::vector<Sha256Digest>> levels, std::size_t leaf_count)
      : levels_(std::move(levels)), leaf_count_(leaf_count) {}

  std::vector<std::vector<Sha256Digest>> levels_;  // padded leaves first, {root} last
  std::size_t leaf_count_;
};

// True when leaf sits at index under root: folding the siblings (leaf level first;
// bit k of index says whether the level-k node is a right child) gives root. An index
// that does not fit in siblings.size() bits fails.
bool verify_inclusion(const Sha256Digest& leaf, std::size_t index, std::span<const Sha256Digest> siblings,
                      const Sha256Digest& root);

}  // namespace proofagg::commit

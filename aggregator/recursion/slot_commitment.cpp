#include "aggregator/recursion/slot_commitment.hpp"

#include <algorithm>

#include "kernels/ff/codec.hpp"

namespace proofagg::recursion {
namespace {

void put_word(std::vector<std::uint8_t>& out, const ff::Fr& v) {
  const ff::FieldBytes bytes = ff::field_to_be_bytes(v);
  out.insert(out.end(), bytes.begin(), bytes.end());
}

}  // namespace

Sha256Digest leaf_of(const IncludedProof& proof) {
  return commit::leaf_hash(proof.vk_hash, commit::pi_hash(proof.public_inputs));
}

ff::Fr digest_half(const Sha256Digest& digest, std::size_t half) {
  ff::FieldBytes bytes{};
  std::copy_n(digest.begin() + 16 * half, 16, bytes.end() - 16);
  return ff::Fr::from_canonical(ff::limbs_from_be_bytes(bytes));
}

std::array<ff::Fr, 4> SlotStatement::public_signals() const {
  return {digest_half(root, 0), digest_half(root, 1), ff::Fr::from_u64(count), ff::Fr::from_u64(slot)};
}

std::vector<std::uint8_t> SlotStatement::evm_words() const {
  std::vector<std::uint8_t> out;
  out.reserve(4 * 32);
  for (const ff::Fr& signal : public_signals()) put_word(out, signal);
  return out;
}

Result<SlotCommitment> SlotCommitment::build(std::uint64_t slot, std::span<const IncludedProof> proofs) {
  std::vector<Sha256Digest> leaves;
  leaves.reserve(proofs.size());
  for (const IncludedProof& proof : proofs) leaves.push_back(leaf_of(proof));
  auto tree = commit::MerkleTree::build(leaves);
  if (!tree) return make_error("slot " + std::to_string(slot) + ": " + tree.error());
  const SlotStatement statement{tree->root(), proofs.size(), slot};
  return SlotCommitment(statement, std::move(*tree));
}

}  // namespace proofagg::recursion

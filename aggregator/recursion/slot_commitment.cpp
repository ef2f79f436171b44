#include "aggregator/recursion/slot_commitment.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "kernels/core/hex.hpp"
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

std::string inclusion_json(const SlotCommitment& commitment, std::span<const IncludedProof> proofs) {
  const auto hex = [](std::span<const std::uint8_t> bytes) { return "0x" + hex_encode(bytes); };
  nlohmann::ordered_json doc;
  doc["slot"] = commitment.statement().slot;
  doc["root"] = hex(commitment.statement().root);
  doc["count"] = commitment.statement().count;
  doc["proofs"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < proofs.size(); ++i) {
    nlohmann::ordered_json entry;
    entry["index"] = i;
    entry["vk_hash"] = hex(proofs[i].vk_hash);
    entry["public_inputs"] = nlohmann::ordered_json::array();
    for (const ff::Fr& x : proofs[i].public_inputs) entry["public_inputs"].push_back(ff::limbs_to_decimal(x.to_canonical()));
    entry["leaf"] = hex(leaf_of(proofs[i]));
    entry["siblings"] = nlohmann::ordered_json::array();
    for (const Sha256Digest& s : commitment.path(i)) entry["siblings"].push_back(hex(s));
    doc["proofs"].push_back(std::move(entry));
  }
  return doc.dump(1);
}

}  // namespace proofagg::recursion

#include "aggregator/recursion/slot_commitment.hpp"

#include <gtest/gtest.h>

namespace proofagg::recursion {
namespace {

IncludedProof proof_with(std::uint8_t key_byte, std::uint64_t input) {
  IncludedProof p;
  p.vk_hash.fill(key_byte);
  p.public_inputs = {ff::Fr::from_u64(input), ff::Fr::from_u64(input + 1)};
  return p;
}

TEST(SlotCommitment, LeavesArePiAndVkHashesAndEveryPathReachesTheRoot) {
  const std::vector<IncludedProof> proofs{proof_with(1, 10), proof_with(2, 20), proof_with(1, 30)};
  const auto commitment = SlotCommitment::build(77, proofs);
  ASSERT_TRUE(commitment.ok()) << commitment.error();
  EXPECT_EQ(commitment->statement().count, 3u);
  EXPECT_EQ(commitment->statement().slot, 77u);
  std::vector<Sha256Digest> leaves;
  for (const IncludedProof& p : proofs) {
    leaves.push_back(commit::leaf_hash(p.vk_hash, commit::pi_hash(p.public_inputs)));
    EXPECT_EQ(leaf_of(p), leaves.back());
  }
  EXPECT_EQ(commitment->statement().root, commit::MerkleTree::build(leaves)->root());
  for (std::size_t i = 0; i < proofs.size(); ++i) {
    EXPECT_TRUE(commit::verify_inclusion(leaves[i], i, commitment->path(i), commitment->statement().root));
  }
}

TEST(SlotCommitment, AnEmptySlotHasNoCommitment) {
  const auto commitment = SlotCommitment::build(5, {});
  ASSERT_FALSE(commitment.ok());
  EXPECT_NE(commitment.error().find("slot 5"), std::string::npos);
}

TEST(SlotStatement, SignalsAreRootHalvesCountAndSlot) {
  SlotStatement statement;
  for (std::size_t i = 0; i < 32; ++i) statement.root[i] = static_cast<std::uint8_t>(i + 1);
  statement.count = 0x0102;
  statement.slot = 0x0a0b0c;
  const auto words = statement.evm_words();
  ASSERT_EQ(words.size(), 4u * 32);
  for (std::size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(words[i], 0);  // first half, zero-extended
    EXPECT_EQ(words[16 + i], statement.root[i]);
    EXPECT_EQ(words[32 + i], 0);  // second half
    EXPECT_EQ(words[48 + i], statement.root[16 + i]);
  }
  EXPECT_EQ(words[94], 0x01);
  EXPECT_EQ(words[95], 0x02);
  EXPECT_EQ(words[125], 0x0a);
  EXPECT_EQ(words[126], 0x0b);
  EXPECT_EQ(words[127], 0x0c);
  const auto signals = statement.public_signals();
  EXPECT_EQ(signals[2], ff::Fr::from_u64(0x0102));
  EXPECT_EQ(signals[3], ff::Fr::from_u64(0x0a0b0c));
  // root[0..16) = 0x0102...10 as an integer: its low byte is 16.
  EXPECT_EQ(signals[0].to_canonical().v[0] & 0xff, 16u);
  EXPECT_EQ(digest_half(statement.root, 1), signals[1]);
}

}  // namespace
}  // namespace proofagg::recursion

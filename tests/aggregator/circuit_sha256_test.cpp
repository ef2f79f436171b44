// SHA-256 in a circuit against the native hash (OpenSSL) on messages around the
// padding boundaries, with soundness samples (changing hinted wires breaks the
// system) and the per-block constraint count.
#include <gtest/gtest.h>

#include <random>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/commitments.hpp"
#include "aggregator/circuit/std/sha256.hpp"
#include "aggregator/commit/commitments.hpp"
#include "aggregator/sha256/sha256.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "kernels/ff/codec.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/files.hpp"

namespace proofagg::circuit {
namespace {

using Mode = Builder::Mode;

// The message as boolean-constrained private bits, hashed in the circuit.
std::pair<std::vector<LC>, std::size_t> hash_in_circuit(Builder& b, const std::vector<std::uint8_t>& message) {
  std::vector<LC> bits;
  for (const std::uint8_t byte : message) {
    for (int i = 7; i >= 0; --i) {
      const Variable bit = b.private_input(Fr::from_u64((byte >> i) & 1));
      assert_boolean(b, bit);
      bits.emplace_back(bit);
    }
  }
  const std::size_t before = b.constraints();
  auto digest = sha256(b, bits);
  return {digest, b.constraints() - before};
}

std::vector<std::uint8_t> digest_bytes(const Builder& b, const std::vector<LC>& bits) {
  std::vector<std::uint8_t> out(32, 0);
  for (std::size_t i = 0; i < 256; ++i) {
    if (b.value(bits[i]) == Fr::one()) out[i / 8] |= static_cast<std::uint8_t>(1 << (7 - i % 8));
  }
  return out;
}

PROOFAGG_IN_BOTH_ARITHMETICS(CommitmentGadgetsModes);

PROOFAGG_IN_BOTH_ARITHMETICS(MerkleGadgetModes);

PROOFAGG_IN_BOTH_ARITHMETICS(Sha256GadgetModes);

TEST_P(Sha256GadgetModes, EqualsTheNativeHash) {
  std::mt19937 rng(7);
  for (const std::size_t length : {0, 3, 55, 56, 64, 100}) {
    std::vector<std::uint8_t> message(length);
    for (auto& byte : message) byte = static_cast<std::uint8_t>(rng());
    Builder b(Mode::kWitness, GetParam());
    const auto [digest, constraints] = hash_in_circuit(b, message);
    const Sha256Digest expected = Sha256::of(message);
    EXPECT_EQ(digest_bytes(b, digest), std::vector<std::uint8_t>(expected.begin(), expected.end())) << length;
    EXPECT_TRUE(testing::satisfied(b)) << length << ": " << b.first_violation().value_or("");
    if (length == 32) std::cout << "sha256 of 32 bytes: " << constraints << " constraints\n";
  }
}

// A message of variable length: for every selected length the digest is OpenSSL's
// of that prefix (the bits past it zero, as the caller must prove), with 1, 2 and 3
// blocks among the candidates; changing a selector changes the digest.
TEST_P(Sha256GadgetModes, OfAPrefixEqualsTheNativeHashForEverySelectedLength) {
  const std::vector<std::size_t> lengths{0, 20, 32, 55, 56, 64, 96, 130};
  std::mt19937 rng(11);
  for (std::size_t chosen = 0; chosen < lengths.size(); ++chosen) {
    std::vector<std::uint8_t> message(lengths[chosen]);
    for (auto& byte : message) byte = static_cast<std::uint8_t>(rng());
    std::vector<std::uint8_t> room = message;
    room.resize(lengths.back());
    Builder b(Mode::kWitness, GetParam());
    std::vector<LC> bits;
    for (const std::uint8_t byte : room) {
      for (int i = 7; i >= 0; --i) bits.emplace_back(b.private_input(Fr::from_u64((byte >> i) & 1)));
    }
    std::vector<LC> selectors;
    for (std::size_t i = 0; i < lengths.size(); ++i) selectors.emplace_back(b.private_input(Fr::from_u64(i == chosen)));
    const auto digest = sha256_of_prefix(b, bits, lengths, selectors);
    const Sha256Digest expected = Sha256::of(message);
    EXPECT_EQ(digest_bytes(b, digest), std::vector<std::uint8_t>(expected.begin(), expected.end())) << lengths[chosen];
    EXPECT_TRUE(testing::satisfied(b)) << b.first_violation().value_or("");
  }
}

// The one-constraint majority on every input, and every tempting wrong value of its
// hinted bit refused: off by one, and off by a half (which would still leave the
// XOR s - 2 m a bit, but the wrong one).
TEST_P(Sha256GadgetModes, XorAndMajorityOfEveryInputIsPinnedDown) {
  const Fr half = Fr::from_u64(2).inverse();
  for (int bits = 0; bits < 8; ++bits) {
    const int x = bits & 1, y = (bits >> 1) & 1, z = bits >> 2;
    Builder b(Mode::kWitness, GetParam());
    const Variable xv = b.private_input(Fr::from_u64(x)), yv = b.private_input(Fr::from_u64(y)),
                   zv = b.private_input(Fr::from_u64(z));
    for (const Variable v : {xv, yv, zv}) assert_boolean(b, v);
    const std::size_t before = b.constraints();
    const XorAndMajority out = xor_and_majority(b, xv, yv, zv);
    EXPECT_EQ(b.constraints() - before, 1u);
    EXPECT_EQ(b.value(out.xor_bit), Fr::from_u64(x ^ y ^ z)) << bits;
    EXPECT_EQ(b.value(out.majority), Fr::from_u64(x + y + z >= 2)) << bits;
    ASSERT_TRUE(testing::satisfied(b));
    const auto r1cs = b.r1cs();
    const auto w = b.witness();
    ASSERT_EQ(out.majority.terms().size(), 1u);
    const std::uint32_t m = b.wire_of(Variable{out.majority.terms()[0].id});
    for (const Fr& delta : {Fr::one(), -Fr::one(), half, -half}) {
      auto changed = w;
      changed[m] = changed[m] + delta;
      EXPECT_FALSE(r1cs.is_satisfied_by(changed)) << bits;
    }
  }
  // With a constant among the inputs it costs one product at most.
  for (int k = 0; k < 2; ++k) {
    for (int bits = 0; bits < 4; ++bits) {
      Builder b(Mode::kWitness, GetParam());
      const Variable u = b.private_input(Fr::from_u64(bits & 1)), v = b.private_input(Fr::from_u64(bits >> 1));
      const XorAndMajority out = xor_and_majority(b, u, LC::constant(k), v);
      EXPECT_EQ(b.value(out.xor_bit), Fr::from_u64((bits & 1) ^ k ^ (bits >> 1)));
      EXPECT_EQ(b.value(out.majority), Fr::from_u64((bits & 1) + k + (bits >> 1) >= 2));
      EXPECT_TRUE(testing::satisfied(b));
    }
  }
}

TEST_P(Sha256GadgetModes, HintedWiresArePinnedDown) {
  Builder b(Mode::kWitness, GetParam());
  std::vector<std::uint8_t> message(32, 0xa5);
  (void)hash_in_circuit(b, message);
  std::mt19937 rng(11);
  const std::uint32_t first_internal = 1 + 32 * 8;
  std::vector<std::uint32_t> sampled;
  for (int sample = 0; sample < 60; ++sample) {
    sampled.push_back(first_internal + rng() % (static_cast<std::uint32_t>(b.wires()) - first_internal));
  }
  testing::expect_each_change_breaks(b, sampled);
}

// The slot tree in the circuit equals aggregator/commit's: the root over padded
// leaves, and the root folded from an inclusion path; a wrong sibling folds to
// another root.
TEST_P(MerkleGadgetModes, EqualsTheSlotCommitmentTree) {
  std::mt19937 rng(3);
  std::vector<Sha256Digest> leaves(3);
  for (auto& leaf : leaves) {
    for (auto& byte : leaf) byte = static_cast<std::uint8_t>(rng());
  }
  const auto tree = commit::MerkleTree::build(leaves);
  ASSERT_TRUE(tree.ok());
  Builder b(Mode::kWitness, GetParam());
  const auto private_bits = [&](const Sha256Digest& digest) {
    std::vector<LC> bits;
    for (const std::uint8_t byte : digest) {
      for (int i = 7; i >= 0; --i) {
        const Variable bit = b.private_input(Fr::from_u64((byte >> i) & 1));
        assert_boolean(b, bit);
        bits.emplace_back(bit);
      }
    }
    return bits;
  };
  std::vector<std::vector<LC>> leaf_bits;
  for (const auto& leaf : leaves) leaf_bits.push_back(private_bits(leaf));
  const auto root = merkle_root(b, leaf_bits);
  const Sha256Digest expected = tree->root();
  EXPECT_EQ(digest_bytes(b, root), std::vector<std::uint8_t>(expected.begin(), expected.end()));

  const std::size_t index = 2;
  std::vector<std::vector<LC>> siblings;
  for (const auto& sibling : tree->path(index)) siblings.push_back(private_bits(sibling));
  std::vector<Variable> index_bits;
  for (std::size_t level = 0; level < siblings.size(); ++level) {
    index_bits.push_back(b.private_input(Fr::from_u64((index >> level) & 1)));
    assert_boolean(b, index_bits.back());
  }
  const auto folded = merkle_root_from_path(b, leaf_bits[index], siblings, index_bits);
  EXPECT_EQ(digest_bytes(b, folded), std::vector<std::uint8_t>(expected.begin(), expected.end()));

  // The wrong side at the first level folds elsewhere.
  std::vector<Variable> wrong_bits = index_bits;
  wrong_bits[0] = b.private_input(Fr::one());
  const auto wrong = merkle_root_from_path(b, leaf_bits[index], siblings, wrong_bits);
  EXPECT_NE(digest_bytes(b, wrong), std::vector<std::uint8_t>(expected.begin(), expected.end()));
  EXPECT_TRUE(testing::satisfied(b)) << b.first_violation().value_or("");
}

// A proof's leaf in the circuit equals aggregator/commit's for the fixture's public
// signals and key, and a field element's encoding is canonical: the bits of x + r
// (which 254 bits can hold for small x) are refused.
TEST_P(CommitmentGadgetsModes, LeafAndPiHashEqualTheNativeOnes) {
  const std::vector<Fr> signals{Fr::from_u64(33), -Fr::one(), Fr::zero()};
  const commit::VkHash vk_hash = commit::vk_hash(*groth16::snarkjs::parse_verifying_key(
      testing::read_text(testing::fixture_path("snarkjs/multiplier/verification_key.json"))));
  Builder b(Mode::kWitness, GetParam());
  std::vector<LC> inputs;
  for (const Fr& x : signals) inputs.emplace_back(b.public_input(x));
  const auto pi = pi_hash(b, inputs);
  const Sha256Digest expected_pi = commit::pi_hash(signals);
  EXPECT_EQ(digest_bytes(b, pi), std::vector<std::uint8_t>(expected_pi.begin(), expected_pi.end()));
  const Variable vk = b.private_input(Fr::from_canonical(ff::limbs_from_be_bytes(vk_hash)));
  const auto leaf = leaf_hash(b, vk, pi);
  const Sha256Digest expected_leaf = commit::leaf_hash(vk_hash, expected_pi);
  EXPECT_EQ(digest_bytes(b, leaf), std::vector<std::uint8_t>(expected_leaf.begin(), expected_leaf.end()));
  EXPECT_TRUE(testing::satisfied(b)) << b.first_violation().value_or("");

  // The first n of them for every n (the rest zero, as a leaf proves them).
  for (std::size_t n = 0; n <= signals.size(); ++n) {
    Builder v(Mode::kWitness, GetParam());
    std::vector<std::vector<Variable>> bits;
    std::vector<LC> selectors;
    for (std::size_t i = 0; i < signals.size(); ++i) bits.push_back(to_bits_below_r(v, v.private_input(i < n ? signals[i] : Fr::zero())));
    for (std::size_t m = 0; m <= signals.size(); ++m) selectors.emplace_back(v.private_input(Fr::from_u64(m == n)));
    const auto prefix_pi = pi_hash_of_prefix(v, bits, selectors);
    const Sha256Digest expected_prefix = commit::pi_hash(std::span(signals).first(n));
    EXPECT_EQ(digest_bytes(v, prefix_pi), std::vector<std::uint8_t>(expected_prefix.begin(), expected_prefix.end())) << n;
    EXPECT_TRUE(testing::satisfied(v)) << v.first_violation().value_or("");
  }

  // r - 1 is below r; r and 5 + r (254 bits hold them, recomposing to 0 and 5 mod r)
  // are not.
  for (const std::uint64_t above : {0, 1, 6}) {
    ff::Limbs value = ff::FrParams::modulus();
    value.v[0] = value.v[0] - 1 + above;  // no carry: r's low word is far from 2^64
    Builder cmp(Mode::kWitness, GetParam());
    std::vector<Variable> bits;
    for (std::size_t i = 0; i < 254; ++i) bits.push_back(cmp.private_input(Fr::from_u64((value.v[i / 64] >> (i % 64)) & 1)));
    assert_below_r(cmp, bits);
    EXPECT_EQ(testing::satisfied(cmp), above == 0) << above;
  }
}

}  // namespace
}  // namespace proofagg::circuit

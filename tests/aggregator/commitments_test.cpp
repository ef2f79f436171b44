// The slot commitments: vk_hash against an independent recomputation of the chain
// from snarkjs's JSON, pi_hash and leaf_hash against SHA-256 of hand-built bytes, and
// the Merkle tree against a tree built by hand, with every path checked and tampered.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "aggregator/commit/commitments.hpp"
#include "aggregator/commit/poseidon.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "kernels/ff/codec.hpp"
#include "tests/support/files.hpp"

namespace proofagg::commit {
namespace {

using ff::Fq;
using ff::Fr;
using nlohmann::json;

std::string vk_path(const std::string& circuit) {
  return testing::fixture_path("snarkjs/" + circuit + "/verification_key.json");
}

groth16::VerifyingKey load_vk(const std::string& circuit) {
  const Result<groth16::VerifyingKey> vk = groth16::snarkjs::parse_verifying_key(testing::read_text(vk_path(circuit)));
  EXPECT_TRUE(vk.ok()) << vk.error();
  return *vk;
}

// ---- vk_hash, recomputed from the JSON's decimal strings by another route.

// The 32-byte big-endian word of a coordinate, cut into its high and low 16 bytes.
void append_halves(const json& decimal, std::vector<Fr>& out) {
  const Result<ff::Limbs> value = ff::limbs_from_decimal(decimal.get<std::string>());
  ASSERT_TRUE(value.ok()) << value.error();
  const ff::FieldBytes word = ff::limbs_to_be_bytes(*value);
  ff::FieldBytes low{}, high{};
  std::copy(word.begin() + 16, word.end(), low.begin() + 16);
  std::copy(word.begin(), word.begin() + 16, high.begin() + 16);
  out.push_back(*ff::field_from_be_bytes<Fr>(low));
  out.push_back(*ff::field_from_be_bytes<Fr>(high));
}

ff::FieldBytes vk_hash_from_json(const json& vk) {
  Fr tag = Fr::zero();
  for (const char c : std::string_view("proofagg.vk.v1")) tag = tag * Fr::from_u64(256) + Fr::from_u64(c);
  std::vector<Fr> elements;
  for (int i = 0; i < 2; ++i) append_halves(vk.at("vk_alpha_1").at(i), elements);
  for (const char* g2 : {"vk_beta_2", "vk_gamma_2", "vk_delta_2"}) {
    for (int i = 0; i < 2; ++i) {
      for (int j = 0; j < 2; ++j) append_halves(vk.at(g2).at(i).at(j), elements);
    }
  }
  for (const json& ic : vk.at("IC")) {
    for (int i = 0; i < 2; ++i) append_halves(ic.at(i), elements);
  }
  Fr h = poseidon(std::vector<Fr>{tag, Fr::from_u64(vk.at("nPublic").get<std::uint64_t>())});
  for (const Fr& e : elements) h = poseidon(std::vector<Fr>{h, e});
  return ff::field_to_be_bytes(h);
}

// Every Fq coordinate of the key, in no particular order.
std::vector<Fq*> coordinates(groth16::VerifyingKey& vk) {
  std::vector<Fq*> out = {&vk.alpha.x, &vk.alpha.y};
  for (ec::G2Affine* p : {&vk.beta, &vk.gamma, &vk.delta}) {
    out.insert(out.end(), {&p->x.c0, &p->x.c1, &p->y.c0, &p->y.c1});
  }
  for (ec::G1Affine& p : vk.ic) out.insert(out.end(), {&p.x, &p.y});
  return out;
}

TEST(CommitVkHash, MatchesTheChainRecomputedFromSnarkjsJson) {
  for (const char* circuit : {"multiplier", "poseidon_preimage", "poseidon_chain"}) {
    const json vk_json = json::parse(testing::read_text(vk_path(circuit)));
    EXPECT_EQ(vk_hash(load_vk(circuit)), vk_hash_from_json(vk_json)) << circuit;
  }
}

TEST(CommitVkHash, IsDeterministicAndSeparatesKeys) {
  EXPECT_EQ(vk_hash(load_vk("multiplier")), vk_hash(load_vk("multiplier")));
  // The two Poseidon circuits share alpha, beta, gamma and differ from delta on.
  const std::set<VkHash> hashes = {vk_hash(load_vk("multiplier")), vk_hash(load_vk("poseidon_preimage")),
                                   vk_hash(load_vk("poseidon_chain"))};
  EXPECT_EQ(hashes.size(), 3u);
}

TEST(CommitVkHash, ChangesWithEveryCoordinateAndTheNumberOfInputs) {
  const groth16::VerifyingKey original = load_vk("poseidon_preimage");
  std::set<VkHash> hashes = {vk_hash(original)};
  groth16::VerifyingKey changed = original;
  const std::size_t count = coordinates(changed).size();
  for (std::size_t i = 0; i < count; ++i) {
    changed = original;
    *coordinates(changed)[i] += Fq::one();
    hashes.insert(vk_hash(changed));
  }
  EXPECT_EQ(hashes.size(), count + 1);

  groth16::VerifyingKey swapped = original;
  std::swap(swapped.beta.x.c0, swapped.beta.x.c1);
  EXPECT_NE(vk_hash(swapped), vk_hash(original)) << "c0 and c1 swapped";
  groth16::VerifyingKey more_inputs = original;
  more_inputs.ic.push_back(original.ic.back());
  EXPECT_NE(vk_hash(more_inputs), vk_hash(original)) << "one more IC point";
  groth16::VerifyingKey fewer_inputs = original;
  fewer_inputs.ic.pop_back();
  EXPECT_NE(vk_hash(fewer_inputs), vk_hash(original)) << "one IC point fewer";
}

// ---- pi_hash and leaf_hash.

TEST(CommitPiHash, IsSha256OfBigEndianWords) {
  // r - 1 and 1: the largest and a small signal.
  const std::vector<Fr> signals = {-Fr::one(), Fr::one()};
  std::vector<std::uint8_t> bytes = {0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45,
                                     0xb6, 0x81, 0x81, 0x58, 0x5d, 0x28, 0x33, 0xe8, 0x48, 0x79, 0xb9,
                                     0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93, 0xf0, 0x00, 0x00, 0x00};
  bytes.resize(64);
  bytes.back() = 1;
  EXPECT_EQ(pi_hash(signals), Sha256::of(bytes));
  EXPECT_EQ(pi_hash({}), Sha256().finish());
}

TEST(CommitLeafHash, IsSha256OfTheConcatenation) {
  VkHash vk{};
  Sha256Digest pi{};
  for (std::size_t i = 0; i < 32; ++i) {
    vk[i] = static_cast<std::uint8_t>(i);
    pi[i] = static_cast<std::uint8_t>(0xff - i);
  }
  std::vector<std::uint8_t> both(vk.begin(), vk.end());
  both.insert(both.end(), pi.begin(), pi.end());
  EXPECT_EQ(leaf_hash(vk, pi), Sha256::of(both));
  EXPECT_NE(leaf_hash(vk, pi), leaf_hash(pi, vk));
}

// ---- The Merkle tree.

Sha256Digest digest_of(std::string_view text) { return Sha256().update(text).finish(); }

Sha256Digest node(const Sha256Digest& left, const Sha256Digest& right) {
  return Sha256().update(left).update(right).finish();
}

std::vector<Sha256Digest> numbered_leaves(std::size_t n) {
  std::vector<Sha256Digest> leaves;
  for (std::size_t i = 0; i < n; ++i) leaves.push_back(digest_of("leaf " + std::to_string(i)));
  return leaves;
}

TEST(MerkleTree, MatchesATreeBuiltByHand) {
  const Sha256Digest a = digest_of("a"), b = digest_of("b"), c = digest_of("c"), empty{};
  const Sha256Digest ab = node(a, b), c_empty = node(c, empty), root = node(ab, c_empty);
  const std::vector<Sha256Digest> leaves = {a, b, c};
  const Result<MerkleTree> tree = MerkleTree::build(leaves);
  ASSERT_TRUE(tree.ok()) << tree.error();
  EXPECT_EQ(tree->root(), root);
  EXPECT_EQ(tree->leaf_count(), 3u);
  EXPECT_EQ(tree->path(0), (std::vector<Sha256Digest>{b, c_empty}));
  EXPECT_EQ(tree->path(1), (std::vector<Sha256Digest>{a, c_empty}));
  EXPECT_EQ(tree->path(2), (std::vector<Sha256Digest>{empty, ab}));
  // Padding is explicit zero leaves: the same root as four leaves with a zero last.
  const std::vector<Sha256Digest> padded = {a, b, c, empty};
  EXPECT_EQ(MerkleTree::build(padded)->root(), root);
}

TEST(MerkleTree, OneLeafIsItsOwnRoot) {
  const std::vector<Sha256Digest> leaves = {digest_of("only")};
  const Result<MerkleTree> tree = MerkleTree::build(leaves);
  ASSERT_TRUE(tree.ok()) << tree.error();
  EXPECT_EQ(tree->root(), leaves[0]);
  EXPECT_TRUE(tree->path(0).empty());
  EXPECT_TRUE(verify_inclusion(leaves[0], 0, {}, tree->root()));
  EXPECT_FALSE(verify_inclusion(leaves[0], 1, {}, tree->root()));
}

TEST(MerkleTree, EveryPathVerifiesAndEveryTamperingFails) {
  for (const std::size_t n : {1u, 2u, 3u, 5u, 8u}) {
    const std::vector<Sha256Digest> leaves = numbered_leaves(n);
    const Result<MerkleTree> tree = MerkleTree::build(leaves);
    ASSERT_TRUE(tree.ok()) << tree.error();
    for (std::size_t i = 0; i < n; ++i) {
      const std::vector<Sha256Digest> path = tree->path(i);
      ASSERT_EQ(path.size(), static_cast<std::size_t>(std::bit_width(n - 1))) << n << " leaves";
      EXPECT_TRUE(verify_inclusion(leaves[i], i, path, tree->root())) << n << " leaves, index " << i;

      Sha256Digest other_leaf = leaves[i];
      other_leaf[0] ^= 1;
      EXPECT_FALSE(verify_inclusion(other_leaf, i, path, tree->root()));
      Sha256Digest other_root = tree->root();
      other_root[31] ^= 1;
      EXPECT_FALSE(verify_inclusion(leaves[i], i, path, other_root));
      for (std::size_t k = 0; k < path.size(); ++k) {
        std::vector<Sha256Digest> other_path = path;
        other_path[k][7] ^= 0x80;
        EXPECT_FALSE(verify_inclusion(leaves[i], i, other_path, tree->root())) << "sibling " << k;
        EXPECT_FALSE(verify_inclusion(leaves[i], i ^ (std::size_t{1} << k), path, tree->root())) << "index bit " << k;
      }
      EXPECT_FALSE(verify_inclusion(leaves[i], i + (std::size_t{1} << path.size()), path, tree->root()))
          << "index beyond the path";
      if (!path.empty()) {
        const std::vector<Sha256Digest> shorter(path.begin(), path.end() - 1);
        EXPECT_FALSE(verify_inclusion(leaves[i], i, shorter, tree->root())) << "a sibling dropped";
      }
    }
  }
}

TEST(MerkleTree, RejectsNoLeavesAndPathsOutsideTheLeaves) {
  const Result<MerkleTree> empty = MerkleTree::build({});
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().find("at least one leaf"), std::string::npos) << empty.error();
  const std::vector<Sha256Digest> leaves = numbered_leaves(3);
  const Result<MerkleTree> tree = MerkleTree::build(leaves);
  EXPECT_THROW((void)tree->path(3), std::out_of_range);  // a padding slot is not a leaf
}

}  // namespace
}  // namespace proofagg::commit

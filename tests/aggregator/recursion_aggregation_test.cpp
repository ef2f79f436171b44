// The aggregation pipeline's parts that need no minutes of proving: key sets saved
// and loaded by digest (a changed, missing or foreign file refused, each key read
// only when asked for), the slot's job plan, an aggregation proof's bytes, and an
// invalid input refused by its index before anything is proven. The whole slot,
// proven end to end, is scripts/aggregate-e2e.sh (and scripts/aggregate-service-e2e.sh
// through the server's workers).
#include "aggregator/recursion/aggregation.hpp"

#include <gtest/gtest.h>

#include <map>

#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "kernels/core/hex.hpp"
#include "kernels/ec/bn254.hpp"
#include "tests/support/files.hpp"
#include "tests/support/small_aggregation_keys.hpp"

namespace proofagg::recursion {
namespace {

AggregationKeys small_keys() { return testing::small_aggregation_keys({{2, 1}, 2}); }

using Files = std::map<std::string, std::vector<std::uint8_t>>;
// The files of the keys and their digest.
std::pair<Files, std::string> written(const AggregationKeys& keys) {
  Files out;
  const auto digest = write_key_files(keys, [&](const std::string& name, std::span<const std::uint8_t> bytes) {
    out[name].assign(bytes.begin(), bytes.end());
    return Status{};
  });
  EXPECT_TRUE(digest.ok());
  return {out, digest.ok() ? *digest : ""};
}
// The key files over `files`, counting the reads of each.
Result<std::unique_ptr<AggregationKeyFiles>> open_files(const Files& files, std::map<std::string, int>* reads = nullptr) {
  return AggregationKeyFiles::open([&files, reads](const std::string& name) -> Result<std::vector<std::uint8_t>> {
    if (reads != nullptr) ++(*reads)[name];
    const auto it = files.find(name);
    if (it == files.end()) return make_error(name + ": no such file", ErrorKind::kNotFound);
    return it->second;
  });
}
// Every key of the set read, or the first refusal.
Status load(const Files& files) {
  auto opened = open_files(files);
  if (!opened) return opened.failure();
  for (std::size_t level = 0; level <= (*opened)->shape().wrapper_level(); ++level) {
    if (auto key = (*opened)->proving_key(level); !key) return key.failure();
  }
  return {};
}

TEST(AggregationKeys, SaveAndLoadByDigestAndRefuseAnyOtherFile) {
  const AggregationKeys keys = small_keys();
  const auto [files, digest] = written(keys);
  for (const char* name : {"manifest.json", "leaf.zkey", "node1.zkey", "node2.zkey", "wrapper.zkey"}) {
    EXPECT_TRUE(files.count(name)) << name;
  }
  std::map<std::string, int> reads;
  const auto loaded = open_files(files, &reads);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  EXPECT_EQ(reads, (std::map<std::string, int>{{"manifest.json", 1}}));  // no key read yet
  EXPECT_EQ((*loaded)->shape(), keys.shape);
  EXPECT_EQ((*loaded)->digest(), digest);
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_EQ((*loaded)->wrapper_vk_hash(), commit::vk_hash(keys.wrapper.verifying_key()));
  // A verifying key alone, then its proving key, then both again: each file read
  // once per need, and only the keys asked for.
  EXPECT_EQ((*loaded)->verifying_key(2)->ic, keys.at(2).verifying_key().ic);
  const auto node2 = (*loaded)->proving_key(2);
  ASSERT_TRUE(node2.ok()) << node2.error();
  EXPECT_EQ((*node2)->verifying_key().ic, keys.at(2).verifying_key().ic);
  EXPECT_EQ(*(*loaded)->proving_key(2), *node2);
  EXPECT_EQ((*loaded)->verifying_key(3)->delta, keys.wrapper.verifying_key().delta);
  EXPECT_EQ((*loaded)->verifying_key(3)->delta, keys.wrapper.verifying_key().delta);
  EXPECT_EQ(reads, (std::map<std::string, int>{{"manifest.json", 1}, {"node2.zkey", 2}, {"wrapper.zkey", 1}}));
  EXPECT_FALSE((*loaded)->proving_key(4).ok());
  EXPECT_TRUE(load(files).ok());

  Files changed = files;
  changed["node1.zkey"][100] ^= 1;
  auto refused = load(changed);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("node1.zkey"), std::string::npos) << refused.error();
  Files missing = files;
  missing.erase("wrapper.zkey");
  EXPECT_FALSE(load(missing).ok());
  Files garbage = files;
  garbage["manifest.json"] = {'{', '}'};
  EXPECT_FALSE(load(garbage).ok());
  // A manifest of the first format (before the wrapper's vk_hash): made again, not read.
  Files older = files;
  std::string text(older["manifest.json"].begin(), older["manifest.json"].end());
  text.replace(text.find("keys.v2"), 7, "keys.v1");
  older["manifest.json"].assign(text.begin(), text.end());
  EXPECT_NE(load(older).error().find("make them again"), std::string::npos);
  // Another wrapper key under the first one's vk_hash: refused when read.
  AggregationKeys other = small_keys();
  Files foreign = files;
  const auto other_files = written(other).first;
  foreign["wrapper.zkey"] = other_files.at("wrapper.zkey");
  std::string manifest(foreign["manifest.json"].begin(), foreign["manifest.json"].end());
  const std::string old_sha = hex_encode(Sha256::of(files.at("wrapper.zkey")));
  manifest.replace(manifest.find(old_sha), old_sha.size(), hex_encode(Sha256::of(other_files.at("wrapper.zkey"))));
  foreign["manifest.json"].assign(manifest.begin(), manifest.end());
  refused = load(foreign);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("vk_hash"), std::string::npos) << refused.error();
  // A committed key where the plain wrapper's belongs, manifest and all.
  AggregationKeys swapped = small_keys();
  swapped.wrapper = swapped.leaf;
  refused = load(written(swapped).first);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("wrapper.zkey has a commitment"), std::string::npos) << refused.error();
}

TEST(AggregationPlan, LeavesThenEachNodeLevelThenTheWrapper) {
  const TreeShape shape{{2, 1}, 2};  // 8 proofs at most
  const auto five = plan_aggregation(shape, 5);
  ASSERT_TRUE(five.ok()) << five.error();
  EXPECT_EQ(*five, (std::vector<AggregationJob>{{0, 0, 0, 2}, {0, 1, 2, 2}, {0, 2, 4, 1},  // leaves
                                                {1, 0, 0, 0}, {1, 1, 0, 0},                 // node level 1
                                                {2, 0, 0, 0},                               // the top node
                                                {3, 0, 0, 0}}));                            // the wrapper
  EXPECT_EQ(*plan_aggregation(shape, 1),
            (std::vector<AggregationJob>{{0, 0, 0, 1}, {1, 0, 0, 0}, {2, 0, 0, 0}, {3, 0, 0, 0}}));
  EXPECT_EQ(plan_aggregation(shape, 8)->size(), 4u + 2u + 1u + 1u);
  EXPECT_FALSE(plan_aggregation(shape, 9).ok());
  EXPECT_FALSE(plan_aggregation(shape, 0).ok());
  EXPECT_FALSE(plan_aggregation({{3, 1}, 1}, 2).ok());  // a leaf capacity not a power of two
}

TEST(NodeChild, RoundTripsThroughItsBytesAndRefusesMalformedOnes) {
  NodeChild child;
  child.proof = {ec::g1_generator(), ec::g2_generator(), ec::g1_generator()};
  child.commitment = {ec::g1_generator(), ec::G1Affine::infinity()};
  child.statement.root.fill(0xa1);
  child.statement.count = 3;
  child.statement.slot = 0x0102030405060708;
  child.statement.padded_root.fill(0xb2);
  const auto bytes = encode_node_child(child);
  ASSERT_EQ(bytes.size(), kNodeChildBytes);
  const auto back = decode_node_child(bytes);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*back, child);

  EXPECT_FALSE(decode_node_child(std::span(bytes).first(kNodeChildBytes - 1)).ok());
  auto off_curve = bytes;
  off_curve[256 + 63] ^= 1;  // the commitment's y
  EXPECT_FALSE(decode_node_child(off_curve).ok());
  auto bad_proof = bytes;
  bad_proof[100] ^= 1;  // inside B
  EXPECT_FALSE(decode_node_child(bad_proof).ok());
  auto no_proofs = bytes;
  std::fill_n(no_proofs.begin() + 256 + 128 + 32, 8, 0);
  EXPECT_NE(decode_node_child(no_proofs).error().find("no proofs"), std::string::npos);
}

TEST(SlotAggregator, RefusesAnInvalidProofByItsIndexBeforeProving) {
  const auto read = [](const std::string& file) {
    return testing::read_text(testing::fixture_path("snarkjs/multiplier/" + file));
  };
  const auto vk = *groth16::snarkjs::parse_verifying_key(read("verification_key.json"));
  const auto proof = *groth16::snarkjs::parse_proof(read("proof_0.json"));
  const auto inputs = *groth16::snarkjs::parse_public_signals(read("public_0.json"));
  const AggregationKeys keys{{{2, 1}, 1}, {}, {{}}, {}};  // never reached
  const SlotAggregator aggregator(keys);
  std::vector<LeafInput> listed{{&vk, proof, inputs}, {&vk, proof, {inputs[0] + ff::Fr::one()}}};
  const auto refused = aggregator.aggregate(4, listed);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("proof 1 of the leaf does not verify"), std::string::npos) << refused.error();
  listed.resize(5, listed[0]);
  EXPECT_FALSE(aggregator.aggregate(4, listed).ok());  // more than 2 << 1
  EXPECT_FALSE(aggregator.aggregate(4, {}).ok());
}

}  // namespace
}  // namespace proofagg::recursion

// The aggregation pipeline's parts that need no minutes of proving: key sets saved
// and loaded by digest (a changed, missing or foreign file refused), and an invalid
// input refused by its index before anything is proven. The whole slot, proven end
// to end, is scripts/aggregate-e2e.sh.
#include "aggregator/recursion/aggregation.hpp"

#include <gtest/gtest.h>

#include <map>

#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "tests/support/committed_circuit.hpp"
#include "tests/support/files.hpp"

namespace proofagg::recursion {
namespace {

groth16::ProvingKey small_committed_key() {
  return testing::build_committed([](const groth16::R1cs& r1cs, groth16::WireRange wires) {
           return groth16::development_setup(r1cs, wires);
         }).key;
}

// Keys of the right kinds (committed leaf and nodes, a plain wrapper) for files'
// sake: small circuits, not the aggregation's.
AggregationKeys small_keys() {
  AggregationKeys keys{{{2, 1}, 2}, small_committed_key(), {small_committed_key(), small_committed_key()}, {}};
  circuit::Builder b(circuit::Builder::Mode::kConstraints);
  const circuit::Variable x = b.public_input();
  b.constrain(x, x, x);
  keys.wrapper = *groth16::development_setup(b.r1cs());
  return keys;
}

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
Result<AggregationKeys> load(const Files& files) {
  return keys_from_files([&](const std::string& name) -> Result<std::vector<std::uint8_t>> {
    const auto it = files.find(name);
    if (it == files.end()) return make_error(name + ": no such file", ErrorKind::kNotFound);
    return it->second;
  });
}

TEST(AggregationKeys, SaveAndLoadByDigestAndRefuseAnyOtherFile) {
  const AggregationKeys keys = small_keys();
  const auto [files, digest] = written(keys);
  for (const char* name : {"manifest.json", "leaf.zkey", "node1.zkey", "node2.zkey", "wrapper.zkey"}) {
    EXPECT_TRUE(files.count(name)) << name;
  }
  const auto loaded = load(files);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  EXPECT_EQ(loaded->shape, keys.shape);
  EXPECT_EQ(loaded->digest, digest);
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_EQ(loaded->at(2).verifying_key().ic, keys.at(2).verifying_key().ic);
  EXPECT_EQ(loaded->wrapper.verifying_key().delta, keys.wrapper.verifying_key().delta);

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
  // A committed key where the plain wrapper's belongs, manifest and all.
  AggregationKeys swapped = small_keys();
  swapped.wrapper = swapped.leaf;
  refused = load(written(swapped).first);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("wrapper.zkey has a commitment"), std::string::npos) << refused.error();
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

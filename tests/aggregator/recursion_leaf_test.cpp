// The leaf aggregation circuit on the snarkjs fixtures: proofs of different keys in
// one leaf, its statement equal to the slot commitment's, padding proven unused, a
// false statement or a false proof unsatisfiable, and a leaf of two proofs proven
// with Groth16 (one commitment) and verified.
#include "aggregator/recursion/leaf.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "aggregator/circuit/builder.hpp"
#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/commitment.hpp"
#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/files.hpp"

namespace proofagg::recursion {
namespace {

using circuit::Builder;

struct FixtureProof {
  groth16::VerifyingKey vk;
  groth16::Proof proof;
  std::vector<ff::Fr> inputs;
};

FixtureProof load(const std::string& circuit, int index = 0) {
  const auto read = [&](const std::string& file) {
    return testing::read_text(testing::fixture_path("snarkjs/" + circuit + "/" + file));
  };
  const std::string n = std::to_string(index);
  return {*groth16::snarkjs::parse_verifying_key(read("verification_key.json")),
          *groth16::snarkjs::parse_proof(read("proof_" + n + ".json")),
          *groth16::snarkjs::parse_public_signals(read("public_" + n + ".json"))};
}

class LeafCircuit : public ::testing::Test {
 protected:
  void SetUp() override {
    multiplier_ = load("multiplier");
    preimage_ = load("poseidon_preimage");
    chain_ = load("poseidon_chain", 1);
  }
  LeafInput input(const FixtureProof& f) const { return {&f.vk, f.proof, f.inputs}; }
  static Sha256Digest root_of(std::span<const LeafInput> inputs, std::uint64_t slot) {
    std::vector<IncludedProof> included;
    for (const LeafInput& in : inputs) included.push_back({commit::vk_hash(*in.vk), in.public_inputs});
    return SlotCommitment::build(slot, included)->statement().root;
  }
  // Whether the witness of these inputs (their own statement) satisfies the leaf.
  static bool satisfied(const LeafShape& shape, std::span<const LeafInput> inputs) {
    Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kCommitted);
    describe_leaf(b, shape, 9, inputs);
    return testing::no_violation(b);
  }

  FixtureProof multiplier_, preimage_, chain_;
};

TEST_F(LeafCircuit, StatesTheSlotCommitmentOfItsProofs) {
  const LeafShape shape{4, 2};
  const std::vector<LeafInput> three{input(multiplier_), input(preimage_), input(chain_)};
  for (std::size_t count = 1; count <= three.size(); ++count) {
    const auto inputs = std::span(three).first(count);
    const auto statement = leaf_statement(shape, 9, inputs);
    ASSERT_TRUE(statement.ok()) << statement.error();
    EXPECT_EQ(statement->root, root_of(inputs, 9)) << count;
    EXPECT_EQ(statement->count, count);
    EXPECT_EQ(statement->slot, 9u);
    std::vector<Sha256Digest> leaves;
    for (const LeafInput& in : inputs) leaves.push_back(leaf_of({commit::vk_hash(*in.vk), in.public_inputs}));
    leaves.resize(4, Sha256Digest{});
    EXPECT_EQ(statement->padded_root, commit::MerkleTree::build(leaves)->root()) << count;
  }
}

TEST_F(LeafCircuit, RefusesWhatItCannotHold) {
  const LeafShape shape{2, 1};
  EXPECT_FALSE(leaf_statement(shape, 1, {}).ok());
  const std::vector<LeafInput> three{input(multiplier_), input(multiplier_), input(multiplier_)};
  EXPECT_FALSE(leaf_statement(shape, 1, three).ok());
  const std::vector<LeafInput> two_inputs{input(preimage_)};
  const auto refused = leaf_statement(shape, 1, two_inputs);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("proof 0"), std::string::npos) << refused.error();
  EXPECT_FALSE(leaf_statement({3, 1}, 1, std::span(three).first(1)).ok());  // not a power of two
  LeafInput short_inputs = input(preimage_);
  short_inputs.public_inputs.pop_back();
  EXPECT_FALSE(leaf_statement({2, 2}, 1, std::span(&short_inputs, 1)).ok());
}

// Keys of one and two inputs in one leaf, padded from 3 proofs to 4 and from 1 to 4.
TEST_F(LeafCircuit, VerifiesProofsOfDifferentKeysWithPadding) {
  const std::vector<LeafInput> three{input(multiplier_), input(preimage_), input(chain_)};
  EXPECT_TRUE(satisfied({4, 2}, three));
  EXPECT_TRUE(satisfied({4, 2}, std::span(three).first(1)));
}

TEST_F(LeafCircuit, AFalseProofOrAnotherKeyIsUnsatisfiable) {
  const LeafShape shape{2, 2};
  LeafInput changed_input = input(preimage_);
  changed_input.public_inputs[1] = changed_input.public_inputs[1] + ff::Fr::one();
  const std::vector<LeafInput> with_changed_input{input(multiplier_), changed_input};
  EXPECT_FALSE(satisfied(shape, with_changed_input));
  LeafInput other_key = input(chain_);
  other_key.vk = &preimage_.vk;  // two inputs too: only the pairing check can tell
  const std::vector<LeafInput> with_other_key{input(multiplier_), other_key};
  EXPECT_FALSE(satisfied(shape, with_other_key));
}

// Every public signal but the slot is a function of the witness: changing one breaks
// the system. The slot is bound by the Groth16 proof alone (its own IC point) and the
// node above requires its children's slots equal.
TEST_F(LeafCircuit, EverySignalButTheSlotIsPinnedDown) {
  const std::vector<LeafInput> two{input(multiplier_), input(preimage_)};
  Builder b(Builder::Mode::kWitness, Builder::Arithmetic::kCommitted);
  describe_leaf(b, {2, 2}, 9, two);
  const auto r1cs = b.r1cs();
  const auto w = b.witness();
  ASSERT_TRUE(r1cs.is_satisfied_by(w));
  std::cout << "leaf of 2 proofs, up to 2 inputs each: " << b.constraints() << " constraints ("
            << b.lookup_table_rows() << " of them the lookup table)\n";
  for (std::uint32_t signal = 1; signal <= kAggregationSignals; ++signal) {
    auto changed = w;
    changed[signal] = changed[signal] + ff::Fr::one();
    EXPECT_EQ(r1cs.is_satisfied_by(changed), signal == 4) << "signal " << signal;
  }
}

TEST_F(LeafCircuit, ALeafOfTwoProofsIsProvenAndVerified) {
  const LeafShape shape{2, 2};
  const std::vector<LeafInput> two{input(multiplier_), input(preimage_)};
  const auto started = std::chrono::steady_clock::now();
  const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  Builder system(Builder::Mode::kConstraints, Builder::Arithmetic::kCommitted);
  describe_leaf(system, shape, 0, {});
  const auto [begin, end] = system.committed_wires();
  const auto key = groth16::development_setup(system.r1cs(), groth16::WireRange{begin, end});
  ASSERT_TRUE(key.ok()) << key.error();
  const double setup_s = seconds();
  Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kCommitted, groth16::challenge_for(*key->commitment));
  describe_leaf(b, shape, 12345, two);
  ASSERT_FALSE(b.first_violation()) << *b.first_violation();
  const double witness_s = seconds() - setup_s;
  const auto proven = groth16::prove(*key, b.witness());
  ASSERT_TRUE(proven.ok()) << proven.error();
  const double prove_s = seconds() - setup_s - witness_s;

  const auto statement = *leaf_statement(shape, 12345, two);
  EXPECT_EQ(statement.root, root_of(two, 12345));
  EXPECT_EQ(proven->public_signals, statement.public_signals());
  const groth16::VerifyingKey vk = key->verifying_key();
  const auto verified = groth16::verify_with_commitment(vk, proven->proof, *proven->commitment, statement.public_signals());
  ASSERT_TRUE(verified.ok()) << verified.error();
  EXPECT_TRUE(*verified);
  for (std::size_t i = 0; i < kAggregationSignals; ++i) {
    auto other = statement.public_signals();
    other[i] = other[i] + ff::Fr::one();
    EXPECT_FALSE(*groth16::verify_with_commitment(vk, proven->proof, *proven->commitment, other)) << "signal " << i;
  }
  std::cout << "leaf of 2 proofs (" << system.constraints() << " constraints): setup " << setup_s << " s, witness "
            << witness_s << " s, prove " << prove_s << " s\n";
}

}  // namespace
}  // namespace proofagg::recursion

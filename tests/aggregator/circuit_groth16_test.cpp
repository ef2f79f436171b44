// The Groth16 verifier gadget for a fixed key (plain mode) on a snarkjs fixture
// proof: it verifies, and a changed public input makes the system unsatisfiable.
#include <gtest/gtest.h>

#include <array>
#include <chrono>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/groth16.hpp"
#include "aggregator/circuit/std/vk_hash.hpp"
#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "kernels/ff/codec.hpp"
#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/setup.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/committed_circuit.hpp"
#include "tests/support/files.hpp"

namespace proofagg::circuit {
namespace {

PROOFAGG_IN_BOTH_ARITHMETICS(Groth16GadgetModes);

PROOFAGG_IN_BOTH_ARITHMETICS(VkHashGadgetModes);

TEST_P(Groth16GadgetModes, VerifiesTheFixtureProofAndRefusesAnotherStatement) {
  const auto fixture = [](const std::string& file) {
    return testing::read_text(testing::fixture_path("snarkjs/multiplier/" + file));
  };
  const auto vk = groth16::snarkjs::parse_verifying_key(fixture("verification_key.json"));
  const auto proof = groth16::snarkjs::parse_proof(fixture("proof_0.json"));
  const auto inputs = groth16::snarkjs::parse_public_signals(fixture("public_0.json"));
  ASSERT_TRUE(vk.ok() && proof.ok() && inputs.ok());
  for (const bool honest : {true, false}) {
    const auto started = std::chrono::steady_clock::now();
    Builder b(Builder::Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    Groth16FixedKeyVerifier verifier(tower, *vk);
    const Groth16ProofVar proof_var = verifier.private_proof(*proof);
    const Fr input = honest ? (*inputs)[0] : (*inputs)[0] + Fr::one();
    const std::vector<std::vector<Variable>> bits{to_bits(b, b.public_input(input), 16)};
    verifier.assert_verifies(proof_var, bits);
    EXPECT_EQ(testing::no_violation(b), honest) << b.first_violation().value_or("");
    if (honest) {
      std::cout << "groth16_verify, fixed key, one 16-bit public input (" << testing::arithmetic_label(GetParam()) << "): " << b.constraints()
                << " constraints, built with its witness in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
    }
  }
}

// A witness key's in-circuit vk_hash equals the registered one for every fixture
// key, and another key hashes elsewhere.
// A committed circuit's proof (BSB22, groth16/commitment.hpp) verified in a circuit:
// what a node does with its leaves' proofs (committed outer circuit) and the wrapper
// with the top node's (plain). Accepted as proven; refused with another statement,
// another commitment, or another proof of knowledge.
TEST_P(Groth16GadgetModes, VerifiesACommittedProof) {
  const auto inner = testing::build_committed(
      [](const groth16::R1cs& r1cs, groth16::WireRange wires) { return groth16::development_setup(r1cs, wires); });
  const auto proven = groth16::prove(inner.key, inner.witness);
  ASSERT_TRUE(proven.ok()) << proven.error();
  const groth16::VerifyingKey vk = inner.key.verifying_key();
  enum class Change { kNone, kInput, kCommitment, kKnowledge };
  const auto verifies = [&](Change change) {
    const auto started = std::chrono::steady_clock::now();
    // Millions of constraints: values only, no system kept (no_violation checks them).
    Builder b(Builder::Mode::kWitnessOnly, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    Groth16FixedKeyVerifier verifier(tower, vk);
    auto commitment = *proven->commitment;
    const ec::G1 g = ec::G1::from_affine(ec::g1_generator());
    if (change == Change::kCommitment) commitment.d = (ec::G1::from_affine(commitment.d) + g).to_affine();
    if (change == Change::kKnowledge) commitment.knowledge = (ec::G1::from_affine(commitment.knowledge) + g).to_affine();
    const auto proof = verifier.private_proof(proven->proof, commitment);
    std::vector<std::vector<Variable>> bits;
    for (std::size_t i = 0; i < proven->public_signals.size(); ++i) {
      const Fr x = proven->public_signals[i] + (change == Change::kInput && i == 0 ? Fr::one() : Fr::zero());
      bits.push_back(to_bits_below_r(b, b.public_input(x)));
    }
    verifier.assert_verifies(proof, bits);
    const bool ok = testing::no_violation(b);
    if (change == Change::kNone) {
      std::cout << "groth16_verify of a committed proof, fixed key, " << proven->public_signals.size() << " inputs ("
                << testing::arithmetic_label(GetParam()) << "): " << b.constraints() << " constraints, with its witness in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
    }
    return ok;
  };
  EXPECT_TRUE(verifies(Change::kNone));
  if (GetParam() == Builder::Arithmetic::kCommitted) {  // each plain build takes half a minute
    EXPECT_FALSE(verifies(Change::kInput));
    EXPECT_FALSE(verifies(Change::kCommitment));
    EXPECT_FALSE(verifies(Change::kKnowledge));
  }
}

// Two committed proofs under one fixed key (a node's children): their proofs of
// knowledge are one batched pairing check, which refuses a changed proof of
// knowledge in either of them.
TEST(Groth16FixedKeyBatch, BatchesTheProofsOfKnowledgeOfCommittedProofs) {
  const auto inner = testing::build_committed(
      [](const groth16::R1cs& r1cs, groth16::WireRange wires) { return groth16::development_setup(r1cs, wires); });
  const auto first = groth16::prove(inner.key, inner.witness);
  const auto second = groth16::prove(inner.key, inner.witness);  // other blinding: other points
  ASSERT_TRUE(first.ok() && second.ok());
  const groth16::VerifyingKey vk = inner.key.verifying_key();
  for (int changed = -1; changed < 2; ++changed) {
    Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kCommitted);
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    Groth16FixedKeyVerifier verifier(tower, vk);
    std::vector<Groth16ProofVar> proofs;
    std::vector<std::vector<std::vector<Variable>>> bits;
    for (int j = 0; j < 2; ++j) {
      const auto& proven = j == 0 ? *first : *second;
      auto commitment = *proven.commitment;
      if (j == changed) {
        commitment.knowledge = (ec::G1::from_affine(commitment.knowledge) + ec::G1::from_affine(ec::g1_generator())).to_affine();
      }
      proofs.push_back(verifier.private_proof(proven.proof, commitment));
      bits.emplace_back();
      for (const Fr& x : proven.public_signals) bits.back().push_back(to_bits_below_r(b, b.private_input(x)));
    }
    verifier.assert_batch_verifies(proofs, bits);
    EXPECT_EQ(testing::no_violation(b), changed < 0) << "changed " << changed;
  }
}

// The leaf's verifier: the key a witness, bound to its vk_hash. Fixture proofs of
// two different circuits verify; another public signal, A and C swapped, a point
// off its curve, or another circuit's key are refused.
TEST_P(Groth16GadgetModes, VerifiesWithTheKeyAsAWitness) {
  struct Fixture {
    groth16::VerifyingKey vk;
    groth16::Proof proof;
    std::vector<Fr> inputs;
  };
  const auto load = [](const std::string& circuit) {
    const auto text = [&](const std::string& file) {
      return testing::read_text(testing::fixture_path("snarkjs/" + circuit + "/" + file));
    };
    return Fixture{*groth16::snarkjs::parse_verifying_key(text("verification_key.json")),
                   *groth16::snarkjs::parse_proof(text("proof_0.json")),
                   *groth16::snarkjs::parse_public_signals(text("public_0.json"))};
  };
  const Fixture multiplier = load("multiplier"), chain = load("poseidon_chain");
  enum class Change { kNone, kInput, kSwap, kOffCurve, kOtherKey };
  const auto verifies = [&](const Fixture& f, Change change) {
    const auto started = std::chrono::steady_clock::now();
    Builder b(Builder::Mode::kWitnessOnly, GetParam());  // millions of constraints: values only
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    Groth16WitnessKeyVerifier verifier(tower);
    const auto key = verifier.private_key(change == Change::kOtherKey ? (&f == &chain ? multiplier.vk : chain.vk) : f.vk);
    groth16::Proof proof = f.proof;
    if (change == Change::kSwap) std::swap(proof.a, proof.c);
    if (change == Change::kOffCurve) proof.c.y = proof.c.y + ff::Fq::one();
    const auto proof_var = verifier.private_proof(proof);
    std::vector<std::vector<Variable>> bits;
    for (std::size_t i = 0; i < f.inputs.size() && i < key.points.ic.size() - 1; ++i) {
      const Fr x = f.inputs[i] + (change == Change::kInput && i == 0 ? Fr::one() : Fr::zero());
      bits.push_back(to_bits_below_r(b, b.public_input(x)));
    }
    while (bits.size() + 1 < key.points.ic.size()) bits.push_back(to_bits_below_r(b, b.public_input(Fr::zero())));
    verifier.assert_verifies(key, proof_var, bits);
    EXPECT_EQ(ff::field_to_be_bytes(b.value(key.hash)), commit::vk_hash(change == Change::kOtherKey ? (&f == &chain ? multiplier.vk : chain.vk) : f.vk));
    const bool ok = testing::no_violation(b);
    if (change == Change::kNone) {
      std::cout << "groth16_verify, key as a witness, " << f.inputs.size() << " inputs ("
                << testing::arithmetic_label(GetParam()) << "): " << b.constraints() << " constraints, with its witness in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
    }
    return ok;
  };
  EXPECT_TRUE(verifies(multiplier, Change::kNone));
  EXPECT_TRUE(verifies(chain, Change::kNone));
  if (GetParam() == Builder::Arithmetic::kCommitted) {  // each plain build takes several seconds
    for (const Change change : {Change::kInput, Change::kSwap, Change::kOffCurve, Change::kOtherKey}) {
      EXPECT_FALSE(verifies(chain, change)) << static_cast<int>(change);
    }
  }
}

// Proofs of one key batched into one pairing check (the leaf's case): the fixture
// multiplier's three proofs verify together; moving public inputs between two of
// them, changing one input, or swapping one proof's A and C is refused.
TEST_P(Groth16GadgetModes, BatchesProofsOfOneWitnessKey) {
  const auto text = [](const std::string& file) {
    return testing::read_text(testing::fixture_path("snarkjs/multiplier/" + file));
  };
  const auto vk = *groth16::snarkjs::parse_verifying_key(text("verification_key.json"));
  // Plain builds take long: two proofs, honest only.
  const std::size_t k = GetParam() == Builder::Arithmetic::kCommitted ? 3 : 2;
  std::vector<groth16::Proof> proofs;
  std::vector<Fr> inputs;
  for (std::size_t j = 0; j < k; ++j) {
    proofs.push_back(*groth16::snarkjs::parse_proof(text("proof_" + std::to_string(j) + ".json")));
    inputs.push_back((*groth16::snarkjs::parse_public_signals(text("public_" + std::to_string(j) + ".json")))[0]);
  }
  enum class Change { kNone, kMoveInputs, kInput, kSwap };
  const auto verifies = [&](Change change) {
    const auto started = std::chrono::steady_clock::now();
    Builder b(Builder::Mode::kWitnessOnly, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    Groth16WitnessKeyVerifier verifier(tower);
    const auto key = verifier.private_key(vk);
    std::vector<Fr> x = inputs;
    if (change == Change::kMoveInputs) std::swap(x[0], x[1]);
    if (change == Change::kInput) x[k - 1] = x[k - 1] + Fr::one();
    std::vector<Groth16ProofVar> proof_vars;
    std::vector<std::vector<std::vector<Variable>>> bits;
    for (std::size_t j = 0; j < k; ++j) {
      groth16::Proof proof = proofs[j];
      if (change == Change::kSwap && j == 1) std::swap(proof.a, proof.c);
      proof_vars.push_back(verifier.private_proof(proof));
      bits.push_back({to_bits_below_r(b, b.public_input(x[j]))});
    }
    verifier.assert_batch_verifies(key, proof_vars, bits);
    const bool ok = testing::no_violation(b);
    if (change == Change::kNone) {
      std::cout << "groth16 batch of " << k << " proofs, key as a witness, one input ("
                << testing::arithmetic_label(GetParam()) << "): " << b.constraints() << " constraints, with its witness in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
    }
    return ok;
  };
  EXPECT_TRUE(verifies(Change::kNone));
  if (GetParam() == Builder::Arithmetic::kCommitted) {
    for (const Change change : {Change::kMoveInputs, Change::kInput, Change::kSwap}) {
      EXPECT_FALSE(verifies(change)) << static_cast<int>(change);
    }
  }
}

// A leaf's batch: proofs of three different keys (three fixture circuits, one or two
// public inputs) in one pairing check, each key's pairs paid once; refused when an
// input changes, when two proofs of a key trade places (each keeps its inputs), and
// when one key's proof is claimed under another key with as many inputs. Committed mode only
// (plain builds of this size take minutes; the plain path is the same code).
TEST(Groth16WitnessKeyBatch, VerifiesProofsOfSeveralKeysInOnePairingCheck) {
  struct Circuit {
    groth16::VerifyingKey vk;
    std::vector<groth16::Proof> proofs;
    std::vector<std::vector<Fr>> inputs;
  };
  const auto load = [](const std::string& name, std::size_t count) {
    const auto text = [&](const std::string& file) {
      return testing::read_text(testing::fixture_path("snarkjs/" + name + "/" + file));
    };
    Circuit c{*groth16::snarkjs::parse_verifying_key(text("verification_key.json")), {}, {}};
    for (std::size_t j = 0; j < count; ++j) {
      c.proofs.push_back(*groth16::snarkjs::parse_proof(text("proof_" + std::to_string(j) + ".json")));
      c.inputs.push_back(*groth16::snarkjs::parse_public_signals(text("public_" + std::to_string(j) + ".json")));
    }
    return c;
  };
  const std::array<Circuit, 3> circuits{load("multiplier", 2), load("poseidon_preimage", 1), load("poseidon_chain", 1)};
  enum class Change { kNone, kInput, kSwappedProofs, kMovedToAnotherKey };
  const auto verifies = [&](Change change) {
    Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kCommitted);
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    Groth16WitnessKeyVerifier verifier(tower);
    std::vector<Groth16WitnessKeyVerifier::Key> keys;
    for (const Circuit& c : circuits) keys.push_back(verifier.private_key(c.vk));
    std::array<std::vector<Groth16ProofVar>, 3> proofs;
    std::array<std::vector<std::vector<std::vector<Variable>>>, 3> bits;
    for (std::size_t g = 0; g < circuits.size(); ++g) {
      for (std::size_t j = 0; j < circuits[g].proofs.size(); ++j) {
        groth16::Proof proof = circuits[g].proofs[j];
        std::vector<Fr> x = circuits[g].inputs[j];
        if (change == Change::kInput && g == 1) x[1] = x[1] + Fr::one();
        if (change == Change::kSwappedProofs && g == 0) proof = circuits[0].proofs[1 - j];
        if (change == Change::kMovedToAnotherKey && g == 2) {  // poseidon_preimage's proof under poseidon_chain's key
          proof = circuits[1].proofs[0];
          x = circuits[1].inputs[0];
        }
        proofs[g].push_back(verifier.private_proof(proof));
        bits[g].emplace_back();
        for (const Fr& v : x) bits[g].back().push_back(to_bits_below_r(b, b.public_input(v)));
      }
    }
    std::vector<Groth16WitnessKeyVerifier::KeyedProofs> groups;
    for (std::size_t g = 0; g < circuits.size(); ++g) groups.push_back({&keys[g], proofs[g], bits[g]});
    verifier.assert_batch_verifies(groups);
    return testing::no_violation(b);
  };
  EXPECT_TRUE(verifies(Change::kNone));
  EXPECT_FALSE(verifies(Change::kInput));
  EXPECT_FALSE(verifies(Change::kSwappedProofs)) << "proof 0 with proof 1's input";
  EXPECT_FALSE(verifies(Change::kMovedToAnotherKey));
}

TEST_P(VkHashGadgetModes, EqualsTheNativeVkHash) {
  for (const char* circuit : {"multiplier", "poseidon_preimage", "poseidon_chain"}) {
    const auto vk = groth16::snarkjs::parse_verifying_key(
        testing::read_text(testing::fixture_path(std::string("snarkjs/") + circuit + "/verification_key.json")));
    ASSERT_TRUE(vk.ok());
    Builder b(Builder::Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    const Variable h = vk_hash(b, private_verifying_key(tower, *vk));
    const auto expected = commit::vk_hash(*vk);
    EXPECT_EQ(ff::field_to_be_bytes(b.value(h)), expected) << circuit;
    EXPECT_TRUE(testing::no_violation(b)) << b.first_violation().value_or("");
    const std::vector<std::uint32_t> output{b.wire_of(h)};
    testing::expect_each_change_breaks(b, output);  // no other hash can be claimed
    if (std::string(circuit) == "multiplier") std::cout << "vk_hash, one public input (" << testing::arithmetic_label(GetParam()) << "): " << b.constraints() << " constraints\n";
  }
}

// A key in room for more inputs than it has (private_key_of_at_most) hashes as
// itself, verifies its proof, and refuses a nonzero input past its count (the
// padding's scalars must be zero).
TEST(Groth16WitnessKeyOfAtMost, HashesAsItselfAndProvesThePaddingUnused) {
  const auto load = [](const std::string& file) {
    return testing::read_text(testing::fixture_path("snarkjs/multiplier/" + file));
  };
  const auto vk = groth16::snarkjs::parse_verifying_key(load("verification_key.json"));
  const auto proof = groth16::snarkjs::parse_proof(load("proof_0.json"));
  const auto inputs = groth16::snarkjs::parse_public_signals(load("public_0.json"));
  ASSERT_TRUE(vk.ok() && proof.ok() && inputs.ok());
  enum class Change { kNone, kInputPastTheCount };
  for (const Change change : {Change::kNone, Change::kInputPastTheCount}) {
    Builder b(Builder::Mode::kWitnessOnly, Builder::Arithmetic::kCommitted);
    b.set_lookup_chunk_bits(16);
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    Groth16WitnessKeyVerifier verifier(tower);
    auto key = verifier.private_key_of_at_most(*vk, 3);
    ASSERT_EQ(key.points.ic.size(), 4u);
    if (change == Change::kNone) EXPECT_EQ(ff::field_to_be_bytes(b.value(key.hash)), commit::vk_hash(*vk));
    const auto proof_var = verifier.private_proof(*proof);
    std::vector<std::vector<Variable>> bits{to_bits_below_r(b, b.private_input((*inputs)[0]))};
    for (int i = 0; i < 2; ++i) {
      const Fr x = change == Change::kInputPastTheCount && i == 1 ? Fr::one() : Fr::zero();
      bits.push_back(to_bits_below_r(b, b.private_input(x)));
    }
    verifier.assert_verifies(key, proof_var, bits);
    EXPECT_EQ(testing::no_violation(b), change != Change::kInputPastTheCount) << b.first_violation().value_or("");
  }
  EXPECT_THROW(
      {
        Builder b(Builder::Mode::kConstraints, Builder::Arithmetic::kCommitted);
        EmulatedFq fq(b);
        EmulatedTower tower(fq);
        Groth16WitnessKeyVerifier(tower).private_key_of_at_most(*vk, 0);
      },
      std::invalid_argument);
}

// The variable-count vk_hash is the chain up to the selected count: for every n it
// equals commit::vk_hash of the key cut (or padded) to n inputs.
TEST_P(VkHashGadgetModes, OfAVariableCountIsTheNativeHashOfThatManyInputs) {
  auto vk = *groth16::snarkjs::parse_verifying_key(
      testing::read_text(testing::fixture_path("snarkjs/poseidon_preimage/verification_key.json")));
  vk.ic.resize(4, ec::g1_generator());
  for (std::size_t n = 0; n < vk.ic.size(); ++n) {
    Builder b(Builder::Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    EmulatedTower tower(fq);
    std::vector<LC> selectors;
    for (std::size_t m = 0; m < vk.ic.size(); ++m) selectors.emplace_back(b.private_input(Fr::from_u64(m == n)));
    const Variable h = vk_hash(b, private_verifying_key(tower, vk), selectors);
    groth16::VerifyingKey cut = vk;
    cut.ic.resize(n + 1);
    EXPECT_EQ(ff::field_to_be_bytes(b.value(h)), commit::vk_hash(cut)) << n;
    const std::vector<std::uint32_t> output{b.wire_of(h)};
    testing::expect_each_change_breaks(b, output);
  }
}

TEST_P(Groth16GadgetModes, RefusesDegenerateKeys) {
  auto vk = groth16::snarkjs::parse_verifying_key(
      testing::read_text(testing::fixture_path("snarkjs/multiplier/verification_key.json")));
  ASSERT_TRUE(vk.ok());
  vk->gamma = vk->delta;
  Builder b(Builder::Mode::kConstraints, GetParam());
  EmulatedFq fq(b);
  EmulatedTower tower(fq);
  EXPECT_THROW(Groth16FixedKeyVerifier(tower, *vk), std::invalid_argument);
}

}  // namespace
}  // namespace proofagg::circuit

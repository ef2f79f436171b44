// Groth16 with one BSB22 commitment: a committed circuit (non-native Fq products,
// range checks by the lookup) set up, proven and verified end to end, from a
// development setup and from the fixture .ptau; every tampered part of the proof
// (statement, A/B/C, the commitment, its proof of knowledge) is refused; a witness
// whose challenge is not its commitment's cannot be proven; the key's file section
// round-trips and malformed ones are refused.
#include <gtest/gtest.h>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/builder.hpp"
#include "aggregator/circuit/std/fq.hpp"
#include "aggregator/groth16/commitment.hpp"
#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/ptau.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "tests/support/committed_circuit.hpp"
#include "tests/support/files.hpp"
#include "tests/support/random.hpp"

namespace proofagg::groth16 {
namespace {

using circuit::Builder;
using ff::Fq;
using ff::Fr;
using testing::build_committed;
using testing::Committed;
using testing::describe_committed;

Result<ProvingKey> development(const R1cs& r1cs, WireRange wires) { return development_setup(r1cs, wires); }

TEST(Groth16Commitment, ProvesAndVerifiesACommittedCircuit) {
  const Committed c = build_committed(development);
  ASSERT_TRUE(c.key.commitment.has_value());
  EXPECT_TRUE(check_commitment_key(c.key).ok());
  EXPECT_TRUE(c.key.verifying_key().commitment.has_value());
  const auto proof = prove(c.key, c.witness);
  ASSERT_TRUE(proof.ok()) << proof.error();
  ASSERT_TRUE(proof->commitment.has_value());
  EXPECT_EQ(proof->public_signals, c.statement) << "the statement, without the challenge";
  const VerifyingKey vk = c.key.verifying_key();
  const auto verified = verify_with_commitment(vk, proof->proof, *proof->commitment, proof->public_signals);
  ASSERT_TRUE(verified.ok()) << verified.error();
  EXPECT_TRUE(*verified);

  // Every part tampered with.
  const auto refused = [&](const Proof& p, const CommitmentProof& cp, std::vector<Fr> inputs) {
    const auto v = verify_with_commitment(vk, p, cp, inputs);
    return v.ok() && !*v;
  };
  auto inputs = proof->public_signals;
  inputs[0] = inputs[0] + Fr::one();
  EXPECT_TRUE(refused(proof->proof, *proof->commitment, inputs)) << "another statement";
  const ec::G1 g = ec::G1::from_affine(ec::g1_generator());
  const auto moved = [&](const ec::G1Affine& p) { return (ec::G1::from_affine(p) + g).to_affine(); };
  Proof p = proof->proof;
  p.c = moved(p.c);
  EXPECT_TRUE(refused(p, *proof->commitment, proof->public_signals)) << "C";
  p = proof->proof;
  p.a = moved(p.a);
  EXPECT_TRUE(refused(p, *proof->commitment, proof->public_signals)) << "A";
  p = proof->proof;
  std::swap(p.a, p.c);
  EXPECT_TRUE(refused(p, *proof->commitment, proof->public_signals)) << "A and C swapped";
  CommitmentProof cp = *proof->commitment;
  cp.d = moved(cp.d);
  EXPECT_TRUE(refused(proof->proof, cp, proof->public_signals)) << "D";
  cp = *proof->commitment;
  cp.knowledge = moved(cp.knowledge);
  EXPECT_TRUE(refused(proof->proof, cp, proof->public_signals)) << "the proof of knowledge";
  // D moved and the proof of knowledge moved consistently is still refused: the
  // challenge changes with D, and C cannot follow.
  cp = *proof->commitment;
  cp.d = moved(cp.d);
  cp.knowledge = (ec::G1::from_affine(cp.knowledge) + ec::G1::from_affine(c.key.commitment->sigma_basis[0])).to_affine();
  EXPECT_TRUE(refused(proof->proof, cp, proof->public_signals));

  EXPECT_FALSE(verify_with_commitment(vk, proof->proof, *proof->commitment, c.statement.size() > 1
                                          ? std::span(c.statement).first(1) : std::span<const Fr>()).ok());
  VerifyingKey plain = vk;
  plain.commitment.reset();
  EXPECT_FALSE(verify_with_commitment(plain, proof->proof, *proof->commitment, proof->public_signals).ok());
  EXPECT_FALSE(verify(PreparedVerifyingKey(vk), proof->proof, c.statement).ok()) << "plain verification refuses the key";
}

TEST(Groth16Commitment, AWitnessWithAnotherChallengeCannotBeProven) {
  Committed c = build_committed(development);
  // A committed value changed after the challenge was drawn.
  const WireRange wires = c.key.commitment->wires;
  c.witness[wires.begin + 3] = c.witness[wires.begin + 3] + Fr::one();
  const auto proof = prove(c.key, c.witness);
  ASSERT_FALSE(proof.ok());
  EXPECT_NE(proof.error().find("challenge"), std::string::npos) << proof.error();
}

TEST(Groth16Commitment, AFalseStatementHasNoSatisfyingWitness) {
  const Committed c = build_committed(development, false);
  // The witness the honest procedure computes violates the system; proving it gives
  // a proof that does not verify.
  const auto proof = prove(c.key, c.witness);
  ASSERT_TRUE(proof.ok()) << proof.error();
  const auto verified = verify_with_commitment(c.key.verifying_key(), proof->proof, *proof->commitment,
                                               proof->public_signals);
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(*verified);
}

TEST(Groth16Commitment, ProvesWithKeysFromThePowersOfTau) {
  const auto bytes = testing::read_bytes(testing::fixture_path("snarkjs/pot12_final.ptau"));
  const auto ptau = PowersOfTau::parse(bytes);
  ASSERT_TRUE(ptau.ok()) << ptau.error();
  const Committed c = build_committed([&](const R1cs& r1cs, WireRange wires) { return setup_from_ptau(r1cs, *ptau, wires); });
  EXPECT_NE(c.key.gamma2, ec::g2_generator()) << "gamma is drawn for a commitment";
  const auto proof = prove(c.key, c.witness);
  ASSERT_TRUE(proof.ok()) << proof.error();
  const auto verified = verify_with_commitment(c.key.verifying_key(), proof->proof, *proof->commitment,
                                               proof->public_signals);
  ASSERT_TRUE(verified.ok()) << verified.error();
  EXPECT_TRUE(*verified);
}

TEST(Groth16Commitment, SetupRefusesRangesThatAreNotPrivate) {
  Builder b(Builder::Mode::kConstraints, Builder::Arithmetic::kCommitted);
  describe_committed(b, Fr::zero(), Fq::zero(), Fq::zero(), Fq::zero());
  b.finalize();
  const R1cs r1cs = b.r1cs();
  for (const WireRange bad : {WireRange{1, 8}, WireRange{8, 8}, WireRange{9, r1cs.n_wires + 1}}) {
    EXPECT_FALSE(development_setup(r1cs, bad).ok()) << bad.begin << " " << bad.end;
  }
}

TEST(Groth16Commitment, KeyFilesRoundTripAndRefuseMalformedSections) {
  const Committed c = build_committed(development);
  const auto bytes = write_zkey(c.key);
  const auto read = read_zkey(bytes);
  ASSERT_TRUE(read.ok()) << read.error();
  ASSERT_TRUE(read->commitment.has_value());
  EXPECT_EQ(read->commitment->wires, c.key.commitment->wires);
  EXPECT_EQ(read->commitment->basis, c.key.commitment->basis);
  EXPECT_EQ(read->commitment->sigma_basis, c.key.commitment->sigma_basis);
  EXPECT_EQ(read->commitment->verifying, c.key.commitment->verifying);
  const auto proof = prove(*read, c.witness);
  ASSERT_TRUE(proof.ok()) << proof.error();

  // The key with a committed wire's C point restored: refused.
  ProvingKey doubled = c.key;
  doubled.c[doubled.commitment->wires.begin - doubled.n_public - 1] = ec::g1_generator();
  EXPECT_FALSE(read_zkey(write_zkey(doubled)).ok());
  // A basis point short.
  ProvingKey short_basis = c.key;
  short_basis.commitment->basis.pop_back();
  EXPECT_FALSE(read_zkey(write_zkey(short_basis)).ok());
  // Truncated inside the section.
  auto cut = bytes;
  cut.pop_back();
  EXPECT_FALSE(read_zkey(cut).ok());
}

}  // namespace
}  // namespace proofagg::groth16

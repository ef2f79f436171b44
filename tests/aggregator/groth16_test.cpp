// Groth16 against snarkjs's fixtures (made by snarkjs 0.7.6, outside this project):
// every fixture verifies alone and in batches; every tampering is rejected, with a
// precise message when the input is malformed and `false` when it is well formed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <functional>
#include <string>
#include <vector>

#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "kernels/ff/codec.hpp"
#include "tests/support/files.hpp"
#include "tests/support/random.hpp"

namespace proofagg::groth16 {
namespace {

using ff::Fr;
using nlohmann::json;

constexpr const char* kCircuits[] = {"multiplier", "poseidon_preimage", "poseidon_chain"};
// p and r in decimal: the smallest non-canonical coordinate and signal.
constexpr const char* kP = "21888242871839275222246405745257275088696311157297823662689037894645226208583";
constexpr const char* kR = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

struct Fixture {
  std::string circuit;
  std::string vk_text, proof_text, public_text;
};

std::vector<Fixture> fixtures() {
  std::vector<Fixture> out;
  for (const char* circuit : kCircuits) {
    const std::string dir = testing::fixture_path(std::string("snarkjs/") + circuit + "/");
    for (int i = 0; testing::exists(dir + "proof_" + std::to_string(i) + ".json"); ++i) {
      out.push_back({circuit, testing::read_text(dir + "verification_key.json"),
                     testing::read_text(dir + "proof_" + std::to_string(i) + ".json"),
                     testing::read_text(dir + "public_" + std::to_string(i) + ".json")});
    }
  }
  return out;
}

struct Parsed {
  PreparedVerifyingKey vk;
  Proof proof;
  std::vector<Fr> inputs;
};

Parsed parse(const Fixture& f) {
  auto vk = snarkjs::parse_verifying_key(f.vk_text);
  auto proof = snarkjs::parse_proof(f.proof_text);
  auto inputs = snarkjs::parse_public_signals(f.public_text);
  EXPECT_TRUE(vk.ok()) << f.circuit << ": " << vk.error();
  EXPECT_TRUE(proof.ok()) << f.circuit << ": " << proof.error();
  EXPECT_TRUE(inputs.ok()) << f.circuit << ": " << inputs.error();
  return {PreparedVerifyingKey(*vk), *proof, *inputs};
}

TEST(Groth16Fixtures, EveryFixtureVerifies) {
  const auto all = fixtures();
  ASSERT_GE(all.size(), 3u);
  for (const Fixture& f : all) {
    const Parsed p = parse(f);
    const Result<bool> ok = verify(p.vk, p.proof, p.inputs);
    ASSERT_TRUE(ok.ok()) << ok.error();
    EXPECT_TRUE(*ok) << f.circuit;
  }
}

TEST(Groth16Fixtures, WellFormedTamperingFailsVerification) {
  for (const Fixture& f : fixtures()) {
    const Parsed p = parse(f);
    std::vector<Fr> inputs = p.inputs;
    inputs[0] += Fr::one();
    EXPECT_FALSE(*verify(p.vk, p.proof, inputs)) << f.circuit << ": public input + 1";
    Proof proof = p.proof;
    proof.a = -proof.a;
    EXPECT_FALSE(*verify(p.vk, proof, p.inputs)) << f.circuit << ": -A";
    proof = p.proof;
    proof.c = ec::g1_generator();
    EXPECT_FALSE(*verify(p.vk, proof, p.inputs)) << f.circuit << ": C replaced";
    proof = p.proof;
    proof.b = ec::g2_generator();
    EXPECT_FALSE(*verify(p.vk, proof, p.inputs)) << f.circuit << ": B replaced";
    proof = p.proof;
    std::swap(proof.a, proof.c);
    EXPECT_FALSE(*verify(p.vk, proof, p.inputs)) << f.circuit << ": A and C swapped";
  }
  // A proof checked against another circuit's key.
  const auto all = fixtures();
  const Parsed multiplier = parse(all.front());
  const Parsed other = parse(all.back());
  ASSERT_NE(all.front().circuit, all.back().circuit);
  std::vector<Fr> inputs(other.vk.key().public_inputs(), Fr::zero());
  std::copy_n(multiplier.inputs.begin(), std::min(inputs.size(), multiplier.inputs.size()), inputs.begin());
  EXPECT_FALSE(*verify(other.vk, multiplier.proof, inputs));
}

TEST(Groth16Fixtures, WrongNumberOfPublicInputsIsAnError) {
  const Parsed p = parse(fixtures().front());
  std::vector<Fr> inputs = p.inputs;
  inputs.push_back(Fr::one());
  const Result<bool> r = verify(p.vk, p.proof, inputs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "the key expects 1 public inputs, got 2");
}

// A forgery-enabling key is refused whatever circuit it claims to be for; every
// fixture key passes.
TEST(Groth16Keys, DegenerateKeysAreRefusedWithTheReason) {
  for (const char* circuit : kCircuits) {
    const auto vk = snarkjs::parse_verifying_key(
        testing::read_text(testing::fixture_path(std::string("snarkjs/") + circuit + "/verification_key.json")));
    ASSERT_TRUE(vk.ok()) << vk.error();
    EXPECT_TRUE(check_verifying_key(*vk).ok()) << circuit << ": " << check_verifying_key(*vk).error();
  }
  const auto base = *snarkjs::parse_verifying_key(
      testing::read_text(testing::fixture_path("snarkjs/poseidon_preimage/verification_key.json")));
  ASSERT_GE(base.ic.size(), 2u);
  const auto refused = [](const VerifyingKey& vk, const std::string& reason) {
    const Status s = check_verifying_key(vk);
    ASSERT_FALSE(s.ok()) << reason;
    EXPECT_EQ(s.error(), "degenerate verifying key: " + reason);
    EXPECT_EQ(s.error_kind(), ErrorKind::kInvalidArgument);
  };
  const std::pair<std::function<void(VerifyingKey&)>, std::string> cases[] = {
      {[](VerifyingKey& k) { k.delta = ec::G2Affine::infinity(); }, "vk_delta_2 is the point at infinity"},
      {[](VerifyingKey& k) { k.gamma = ec::G2Affine::infinity(); }, "vk_gamma_2 is the point at infinity"},
      {[](VerifyingKey& k) { k.beta = ec::G2Affine::infinity(); }, "vk_beta_2 is the point at infinity"},
      {[](VerifyingKey& k) { k.alpha = ec::G1Affine::infinity(); }, "vk_alpha_1 is the point at infinity"},
      {[](VerifyingKey& k) { k.gamma = k.delta; }, "vk_gamma_2 equals vk_delta_2 or its negation"},
      {[](VerifyingKey& k) { k.gamma = -k.delta; }, "vk_gamma_2 equals vk_delta_2 or its negation"},
      {[](VerifyingKey& k) { k.ic[1] = ec::G1Affine::infinity(); }, "IC[1] is the point at infinity"},
      {[](VerifyingKey& k) { k.ic[1] = -k.ic[0]; }, "IC[0] and IC[1] are equal up to sign"},
  };
  for (const auto& [degrade, reason] : cases) {
    VerifyingKey k = base;
    degrade(k);
    refused(k, reason);
  }
}

TEST(Groth16Json, OversizedDocumentsAreRefusedBeforeTheyAreParsed) {
  const std::string nested = std::string(100000, '[') + std::string(100000, ']');
  const auto proof = snarkjs::parse_proof(nested);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.error(), "proof: JSON nested deeper than 4 levels");
  std::string many = "[";
  for (int i = 0; i < 1000; ++i) many += "\"1\",";
  many += "\"1\"]";
  const auto signals = snarkjs::parse_public_signals(many, 8);
  ASSERT_FALSE(signals.ok());
  EXPECT_EQ(signals.error(), "public signals: more than 8 public signals");
  EXPECT_EQ(snarkjs::parse_public_signals(many)->size(), 1001u);  // the default bound is a key's largest
  EXPECT_EQ(snarkjs::parse_public_signals("[\"1\", \"2\"]", 2)->size(), 2u);
  const auto key = snarkjs::parse_verifying_key(std::string(10, '{'));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().rfind("verification key: ", 0), 0u) << key.error();
  const auto broken = snarkjs::parse_proof("{\"pi_a\": [");
  EXPECT_EQ(broken.error().rfind("proof: invalid JSON (", 0), 0u) << broken.error();
}

TEST(Groth16Json, RoundTripsThroughOurWriters) {
  for (const Fixture& f : fixtures()) {
    const auto vk = snarkjs::parse_verifying_key(f.vk_text);
    const auto proof = snarkjs::parse_proof(f.proof_text);
    const auto inputs = snarkjs::parse_public_signals(f.public_text);
    const auto vk2 = snarkjs::parse_verifying_key(snarkjs::format_verifying_key(*vk));
    ASSERT_TRUE(vk2.ok()) << vk2.error();
    EXPECT_EQ(vk2->alpha, vk->alpha);
    EXPECT_EQ(vk2->beta, vk->beta);
    EXPECT_EQ(vk2->gamma, vk->gamma);
    EXPECT_EQ(vk2->delta, vk->delta);
    EXPECT_EQ(vk2->ic, vk->ic);
    EXPECT_EQ(*snarkjs::parse_proof(snarkjs::format_proof(*proof)), *proof);
    EXPECT_EQ(*snarkjs::parse_public_signals(snarkjs::format_public_signals(*inputs)), *inputs);
    // snarkjs's own files use the same layout: the parsed JSON documents are equal.
    EXPECT_EQ(json::parse(snarkjs::format_proof(*proof)), json::parse(f.proof_text));
    EXPECT_EQ(json::parse(snarkjs::format_public_signals(*inputs)), json::parse(f.public_text));
    EXPECT_EQ(json::parse(snarkjs::format_verifying_key(*vk)), json::parse(f.vk_text));
  }
}

// Edits one value in a fixture document and expects that exact message.
class Groth16JsonMalformed : public ::testing::Test {
 protected:
  Fixture f = fixtures().front();  // multiplier
  json vk = json::parse(f.vk_text);
  json proof = json::parse(f.proof_text);
  json inputs = json::parse(f.public_text);

  void expect_vk_error(const std::string& message) {
    const auto r = snarkjs::parse_verifying_key(vk.dump());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), message);
  }
  void expect_proof_error(const std::string& message) {
    const auto r = snarkjs::parse_proof(proof.dump());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), message);
  }
  void expect_public_error(const std::string& message) {
    const auto r = snarkjs::parse_public_signals(inputs.dump());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), message);
  }
};

TEST_F(Groth16JsonMalformed, NonCanonicalCoordinates) {
  proof["pi_a"][0] = kP;
  expect_proof_error("pi_a[0]: value is not less than the field modulus");
  proof = json::parse(f.proof_text);
  std::string padded = "0";
  padded += proof["pi_b"][1][0].get<std::string>();
  proof["pi_b"][1][0] = padded;
  expect_proof_error("pi_b[1][0]: value: decimal string has a leading zero");
  proof = json::parse(f.proof_text);
  proof["pi_c"][1] = 5;
  expect_proof_error("pi_c[1]: expected a decimal string");
}

TEST_F(Groth16JsonMalformed, PointsOffTheCurveOrOutsideTheSubgroup) {
  proof["pi_a"][1] = ff::field_to_decimal(*ff::field_from_decimal<ff::Fq>(proof["pi_a"][1].get<std::string>()) + ff::Fq::one());
  expect_proof_error("pi_a: G1 point is not on the curve y^2 = x^3 + 3");
  proof = json::parse(f.proof_text);
  const ec::G2Affine outside = testing::random_twist_point();
  ASSERT_FALSE(ec::g2_in_subgroup(outside));
  proof["pi_b"] = json::array({json::array({ff::field_to_decimal(outside.x.c0), ff::field_to_decimal(outside.x.c1)}),
                               json::array({ff::field_to_decimal(outside.y.c0), ff::field_to_decimal(outside.y.c1)}),
                               json::array({"1", "0"})});
  expect_proof_error("pi_b: G2 point is not in the prime-order subgroup");
  proof = json::parse(f.proof_text);
  proof["pi_a"][2] = "2";
  expect_proof_error("pi_a: point is not normalised (z must be 1)");
  proof = json::parse(f.proof_text);
  proof["pi_c"] = {"1", "2"};
  expect_proof_error("pi_c: expected an array of 3");
}

TEST_F(Groth16JsonMalformed, StructureAndKeyConsistency) {
  vk["nPublic"] = 2;
  expect_vk_error("nPublic: must equal the number of IC points minus one (1)");
  vk = json::parse(f.vk_text);
  vk["protocol"] = "plonk";
  expect_vk_error("verification key: \"protocol\" must be \"groth16\"");
  vk = json::parse(f.vk_text);
  vk.erase("vk_delta_2");
  expect_vk_error("verification key: missing \"vk_delta_2\"");
  vk = json::parse(f.vk_text);
  vk["vk_alphabeta_12"][0][0][0] = "1";
  expect_vk_error("vk_alphabeta_12: does not equal e(vk_alpha_1, vk_beta_2)");
  vk = json::parse(f.vk_text);
  vk["IC"] = json::array();
  expect_vk_error("IC: expected a non-empty array of G1 points");
  const auto r = snarkjs::parse_proof("{\"pi_a\": [");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rfind("proof: invalid JSON (", 0), 0u) << r.error();
}

TEST_F(Groth16JsonMalformed, PublicSignals) {
  inputs[0] = kR;
  expect_public_error("public signal 0: value is not less than the field modulus");
  inputs = json::array({"-1"});
  expect_public_error("public signal 0: value: decimal string contains a non-digit character");
  inputs = json::object();
  expect_public_error("public signals: expected an array of decimal strings");
}

TEST(Groth16Batch, AgreesWithSingleVerificationOnMixedBatches) {
  std::vector<Parsed> parsed;
  for (const Fixture& f : fixtures()) parsed.push_back(parse(f));
  std::vector<BatchItem> items;
  std::vector<bool> expected;
  for (const Parsed& p : parsed) {
    items.push_back({&p.vk, p.proof, p.inputs});
    expected.push_back(true);
  }
  // Bad ones in the middle: a changed input, a swapped proof, a wrong input count.
  items.push_back({&parsed[0].vk, parsed[0].proof, {parsed[0].inputs[0] + Fr::one()}});
  expected.push_back(false);
  items.insert(items.begin() + 1, BatchItem{&parsed.back().vk, parsed.front().proof, parsed.back().inputs});
  expected.insert(expected.begin() + 1, false);
  items.push_back({&parsed[0].vk, parsed[0].proof, {}});
  expected.push_back(false);
  for (const Parsed& p : parsed) {  // and the good ones again
    items.push_back({&p.vk, p.proof, p.inputs});
    expected.push_back(true);
  }
  const std::vector<bool> valid = verify_batch(items);
  EXPECT_EQ(valid, expected);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Result<bool> single = verify(*items[i].vk, items[i].proof, items[i].inputs);
    EXPECT_EQ(single.ok() && *single, valid[i]) << i;
  }
  EXPECT_TRUE(verify_batch({}).empty());
  const std::vector<BatchItem> all_good(items.begin(), items.begin() + 1);
  EXPECT_EQ(verify_batch(all_good), std::vector<bool>{true});
}

}  // namespace
}  // namespace proofagg::groth16

namespace proofagg::groth16 {
namespace {

// EVM calldata: every fixture round-trips and still verifies; strict decoding.
TEST(Groth16Calldata, RoundTripsAndRejectsWhatPrecompilesReject) {
  for (const Fixture& f : fixtures()) {
    const Parsed p = parse(f);
    const auto bytes = evm_calldata::encode_proof(p.proof);
    const Result<Proof> decoded = evm_calldata::decode_proof(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    EXPECT_EQ(*decoded, p.proof);
    const auto input_bytes = evm_calldata::encode_public_inputs(p.inputs);
    EXPECT_EQ(input_bytes.size(), 32 * p.inputs.size());
    const auto inputs = evm_calldata::decode_public_inputs(input_bytes);
    ASSERT_TRUE(inputs.ok());
    EXPECT_TRUE(*verify(p.vk, *decoded, *inputs)) << f.circuit;
  }
  const Parsed p = parse(fixtures().front());
  auto bytes = evm_calldata::encode_proof(p.proof);
  EXPECT_EQ(evm_calldata::decode_proof(std::span(bytes).first(255)).error(), "proof calldata must be 256 bytes, got 255");
  bytes[64 + 31] ^= 1;  // B.x_imag
  const Result<Proof> bad_b = evm_calldata::decode_proof(bytes);
  ASSERT_FALSE(bad_b.ok());
  EXPECT_EQ(bad_b.error().rfind("proof B: G2 point is not", 0), 0u) << bad_b.error();
  bytes = evm_calldata::encode_proof(p.proof);
  std::fill(bytes.begin() + 192, bytes.begin() + 224, 0xff);  // C.x >= p
  EXPECT_EQ(evm_calldata::decode_proof(bytes).error(), "proof C: G1 x coordinate is not less than the field modulus");
  const ff::FieldBytes r_word = ff::limbs_to_be_bytes(ff::FrParams::modulus());
  EXPECT_EQ(evm_calldata::decode_public_inputs(r_word).error(), "public input 0 is not less than the field modulus");
  EXPECT_EQ(evm_calldata::decode_public_inputs(std::vector<std::uint8_t>(33)).error(),
            "public inputs calldata must be a multiple of 32 bytes, got 33");
}

}  // namespace
}  // namespace proofagg::groth16

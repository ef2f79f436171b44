// `proofagg verify` and `verify-batch` as users run them, on snarkjs's fixtures and
// on tampered copies written to a temporary folder: exit 0 / 1 / 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/files.hpp"
#include "tests/support/run_cli.hpp"

namespace proofagg {
namespace {

std::string fixture(const std::string& circuit, const std::string& file) {
  return testing::fixture_path("snarkjs/" + circuit + "/" + file);
}

std::string verify_args(const std::string& circuit, const std::string& proof, const std::string& pub) {
  return "verify --vk " + fixture(circuit, "verification_key.json") + " --proof " + proof + " --public " + pub;
}

// A scratch folder per test process (ctest runs these in parallel).
class CliVerify : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("proofagg_cli_verify_" + std::to_string(getpid()) + "_" +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(CliVerify, FixturesAreValid) {
  for (const char* circuit : {"multiplier", "poseidon_preimage", "poseidon_chain"}) {
    const auto r = testing::run_cli(verify_args(circuit, fixture(circuit, "proof_0.json"), fixture(circuit, "public_0.json")));
    EXPECT_EQ(r.exit_code, 0) << circuit << ": " << r.err;
    EXPECT_EQ(r.out, "valid\n");
  }
}

TEST_F(CliVerify, WrongPublicSignalIsInvalid) {
  const std::string pub = write("public.json", "[\"34\"]");
  const auto r = testing::run_cli(verify_args("multiplier", fixture("multiplier", "proof_0.json"), pub));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "invalid\n");
}

TEST_F(CliVerify, MalformedInputsExitTwoWithAReason) {
  const std::string proof = fixture("multiplier", "proof_0.json");
  // A public signal equal to r (snarkjs would silently reduce it to 0).
  std::string pub = write("r.json", "[\"21888242871839275222246405745257275088548364400416034343698204186575808495617\"]");
  auto r = testing::run_cli(verify_args("multiplier", proof, pub));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, pub + ": public signal 0: value is not less than the field modulus\n");
  pub = write("two.json", "[\"33\", \"1\"]");
  r = testing::run_cli(verify_args("multiplier", proof, pub));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, pub + ": the key expects 1 public signals, got 2\n");
  nlohmann::json bad = nlohmann::json::parse(testing::read_text(proof));
  bad["pi_c"][0] = "1";
  const std::string bad_proof = write("proof.json", bad.dump());
  r = testing::run_cli(verify_args("multiplier", bad_proof, fixture("multiplier", "public_0.json")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, bad_proof + ": pi_c: G1 point is not on the curve y^2 = x^3 + 3\n");
  r = testing::run_cli(verify_args("multiplier", (dir / "missing.json").string(), fixture("multiplier", "public_0.json")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "cannot read " + (dir / "missing.json").string() + ": no such file\n");
  r = testing::run_cli("verify --vk x.json");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(CliVerify, BatchReportsEachProof) {
  std::string list;
  for (const char* circuit : {"multiplier", "poseidon_preimage", "poseidon_chain"}) {
    list += fixture(circuit, "verification_key.json") + " " + fixture(circuit, "proof_0.json") + " " +
            fixture(circuit, "public_0.json") + "\n";
  }
  const std::string good = write("good.txt", "# three fixtures\n" + list);
  auto r = testing::run_cli("verify-batch " + good);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "2 " + fixture("multiplier", "proof_0.json") + ": valid\n3 " +
                       fixture("poseidon_preimage", "proof_0.json") + ": valid\n4 " +
                       fixture("poseidon_chain", "proof_0.json") + ": valid\n");

  write("wrong.json", "[\"34\"]");
  const std::string mixed = write("mixed.txt", list + fixture("multiplier", "verification_key.json") + " " +
                                                   fixture("multiplier", "proof_1.json") + " wrong.json\n");
  r = testing::run_cli("verify-batch " + mixed);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("4 " + fixture("multiplier", "proof_1.json") + ": invalid\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(fixture("poseidon_chain", "proof_0.json") + ": valid\n"), std::string::npos) << r.out;

  const std::string broken = write("broken.txt", list + "only two\n");
  r = testing::run_cli("verify-batch " + broken);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("4 two: malformed: expected three paths: VK PROOF PUBLIC\n"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace proofagg

namespace proofagg {
namespace {

// The prover end to end through the binary: its proof verifies through the binary.
TEST_F(CliVerify, ProveThenVerify) {
  const std::string proof = (dir / "proof.json").string();
  const std::string pub = (dir / "public.json").string();
  auto r = testing::run_cli("prove --backend cpu --zkey " + fixture("poseidon_preimage", "poseidon_preimage.zkey") +
                            " --wtns " + fixture("poseidon_preimage", "witness_0.wtns") + " --proof " + proof +
                            " --public " + pub);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_text(pub), testing::read_text(fixture("poseidon_preimage", "public_0.json")) + "\n");
  r = testing::run_cli(verify_args("poseidon_preimage", proof, pub));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = testing::run_cli("prove --zkey " + fixture("poseidon_preimage", "poseidon_preimage.zkey") + " --wtns " +
                       fixture("multiplier", "witness_0.wtns") + " --proof " + proof + " --public " + pub);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("witness has 4 values, the proving key ", 0), 0u) << r.err;
}

}  // namespace
}  // namespace proofagg

namespace proofagg {
namespace {

TEST_F(CliVerify, SetupFromPtauThenProveAndVerify) {
  const std::string zkey = (dir / "c.zkey").string(), vk = (dir / "vk.json").string();
  const std::string proof = (dir / "p.json").string(), pub = (dir / "pub.json").string();
  auto r = testing::run_cli("setup --r1cs " + fixture("multiplier", "multiplier.r1cs") + " --ptau " +
                            testing::fixture_path("snarkjs/pot12_final.ptau") + " --zkey " + zkey + " --vk " + vk);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::run_cli("prove --zkey " + zkey + " --wtns " + fixture("multiplier", "witness_1.wtns") + " --proof " + proof +
                       " --public " + pub);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::run_cli("verify --vk " + vk + " --proof " + proof + " --public " + pub);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = testing::run_cli("setup --r1cs " + fixture("multiplier", "multiplier.r1cs") + " --zkey " + zkey + " --vk " + vk);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "setup needs exactly one of --ptau FILE and --development\n");
}

}  // namespace
}  // namespace proofagg

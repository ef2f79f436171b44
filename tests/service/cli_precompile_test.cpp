// Runs the proofagg binary on every precompile vector: the CLI is a contract.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/run_cli.hpp"
#include "tests/support/vectors.hpp"

namespace proofagg {
namespace {

void run_vectors(const char* file, const char* op) {
  const auto vectors = testing::load_precompile_vectors(file);
  ASSERT_FALSE(vectors.empty()) << "missing " << file;
  for (const auto& v : vectors) {
    const testing::RunResult r = testing::run_cli(std::string("precompile ") + op + " '" + v.input + "'");
    EXPECT_EQ(r.exit_code, 0) << v.name << ": " << r.err;
    EXPECT_EQ(r.out, v.expected + "\n") << v.name;
    EXPECT_EQ(r.err, "") << v.name;
  }
}

TEST(CliPrecompile, AddVectors) { run_vectors("bn256Add.json", "add"); }
TEST(CliPrecompile, MulVectors) { run_vectors("bn256ScalarMul.json", "mul"); }
TEST(CliPrecompile, PairingVectors) { run_vectors("bn256Pairing.json", "pairing"); }

TEST(CliPrecompile, RejectedInputExitsOneWithOneLineReason) {
  // x = p.
  const std::string p = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";
  testing::RunResult r = testing::run_cli("precompile add " + p);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: first point: G1 x coordinate is not less than the field modulus\n");

  r = testing::run_cli("precompile pairing 00");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: pairing input length 1 is not a multiple of 192\n");

  r = testing::run_cli("precompile mul 0xzz");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: invalid hex character at offset 0\n");
}

TEST(CliPrecompile, EmptyPairingInputIsOne) {
  const testing::RunResult r = testing::run_cli("precompile pairing ''");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string(63, '0') + "1\n");
}

TEST(CliPrecompile, UnknownOperationIsAUsageError) {
  const testing::RunResult r = testing::run_cli("precompile div 00");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err, "");
}

}  // namespace
}  // namespace proofagg

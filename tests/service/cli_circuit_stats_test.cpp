// `proofagg circuit-stats`: the gadgets' constraint counts as a table and as JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aggregator/circuit/stats.hpp"
#include "tests/support/run_cli.hpp"

namespace proofagg::cli {
namespace {

// The cheap gadgets only: all of them take a minute (bench/RESULTS.md has them).
constexpr const char* kSome = "fq_mul,fq12_mul,g2_subgroup_check,miller_loop_1_pair,poseidon_t3";

TEST(CliCircuitStats, PrintsTheGadgetsAsJsonAndAsATable) {
  const auto json = testing::run_cli(std::string("circuit-stats --json --only ") + kSome);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  const std::vector<std::string> only{"fq_mul", "poseidon_t3"};
  const auto counts = circuit::gadget_constraint_counts(only);
  EXPECT_EQ(counts.size(), 4u) << "two gadgets in two modes";
  for (const auto& c : counts) EXPECT_EQ(doc[c.mode][c.name], c.constraints) << c.name;
  for (const char* name : {"fq_mul", "fq12_mul", "miller_loop_1_pair", "poseidon_t3"}) {
    for (const char* mode : {"plain", "committed"}) {
      ASSERT_TRUE(doc[mode].contains(name)) << mode << " " << name;
      EXPECT_GT(doc[mode][name].get<int>(), 0);
    }
  }
  // Non-native arithmetic is what the commitment makes cheaper.
  for (const char* name : {"fq_mul", "fq12_mul", "g2_subgroup_check", "miller_loop_1_pair"}) {
    EXPECT_LT(doc["committed"][name].get<int>() * 4, doc["plain"][name].get<int>()) << name;
  }
  const auto table = testing::run_cli("circuit-stats --only fq12_mul");
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("fq12_mul"), std::string::npos) << table.out;
  const auto unknown = testing::run_cli("circuit-stats --only fq_mul,no_such_gadget");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no_such_gadget"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace proofagg::cli

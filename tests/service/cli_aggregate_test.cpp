// `proofagg aggregate` refuses bad inputs before any proving, naming the line, and
// writes nothing; `aggregation-keys` refuses an ambiguous key source. (Proving a
// whole slot takes minutes: scripts/aggregate-e2e.sh runs it.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/files.hpp"
#include "tests/support/run_cli.hpp"

namespace proofagg {
namespace {

class CliAggregate : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("proofagg_cli_aggregate_" + std::to_string(getpid()) + "_" +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  }
  static std::string triple(const std::string& circuit, const std::string& pub = "") {
    const auto f = [&](const std::string& file) { return testing::fixture_path("snarkjs/" + circuit + "/" + file); };
    return f("verification_key.json") + " " + f("proof_0.json") + " " + (pub.empty() ? f("public_0.json") : pub) + "\n";
  }
  testing::RunResult aggregate(const std::string& list) {
    return testing::run_cli("aggregate --keys " + (dir / "no-keys").string() + " --inputs " + list + " --slot 3 --out " +
                            (dir / "out").string());
  }
};

TEST_F(CliAggregate, AnInvalidProofIsNamedAndNothingIsWritten) {
  const std::string wrong = write("public.json", "[\"34\"]");
  const std::string list = write("list.txt", triple("multiplier") + "# a comment\n" + triple("multiplier", wrong));
  const auto r = aggregate(list);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("invalid"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no aggregate written"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

TEST_F(CliAggregate, AMalformedLineIsNamedAndNothingIsWritten) {
  const std::string list = write("list.txt", triple("poseidon_preimage") + "only-one-path\n");
  auto r = aggregate(list);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
  r = aggregate(write("empty.txt", "# nothing\n"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no proofs"), std::string::npos) << r.err;
}

TEST_F(CliAggregate, ValidProofsNeedTheKeys) {
  const auto r = aggregate(write("list.txt", triple("multiplier") + triple("poseidon_chain")));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("manifest.json"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

TEST_F(CliAggregate, KeysNeedExactlyOneSource) {
  auto r = testing::run_cli("aggregation-keys --out " + (dir / "keys").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("exactly one"), std::string::npos) << r.err;
  r = testing::run_cli("aggregation-keys --development --ptau x.ptau --out " + (dir / "keys").string());
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace proofagg

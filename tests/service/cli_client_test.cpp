// The client subcommands as users run them, against an in-process server on
// loopback: register-vk, submit, status, watch, aggregate-get, and their errors.
// Also proofagg-server reading its options from a config file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "kernels/core/hex.hpp"
#include "service/server/server.hpp"
#include "tests/support/files.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/test_server.hpp"

namespace proofagg::service {
namespace {

std::string fixture(const std::string& circuit, const std::string& file) {
  return testing::fixture_path("snarkjs/" + circuit + "/" + file);
}

class CliClient : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("proofagg_cli_client_" + std::to_string(getpid()) + "_" +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::unique_ptr<Server> server;
  std::string flags;

  void SetUp() override {
    std::filesystem::remove_all(dir);
    auto started = Server::start(testing::test_server_options(dir));
    ASSERT_TRUE(started.ok()) << started.error();
    server = std::move(*started);
    flags = " --server 127.0.0.1:" + std::to_string(server->port());
  }
  void TearDown() override {
    server.reset();
    std::filesystem::remove_all(dir);
  }
};

TEST_F(CliClient, RegistersSubmitsWatchesAndReadsTheSlot) {
  const auto registered = testing::run_cli("register-vk --vk " + fixture("multiplier", "verification_key.json") + flags);
  ASSERT_EQ(registered.exit_code, 0) << registered.err;
  const std::string vk_hash = nlohmann::json::parse(registered.out)["vk_hash"];
  ASSERT_EQ(vk_hash.size(), 66u);  // 0x + 32 bytes

  const auto submitted = testing::run_cli("submit --vk-hash " + vk_hash + " --rollup rollup-a --proof " +
                                          fixture("multiplier", "proof_2.json") + " --public " +
                                          fixture("multiplier", "public_2.json") + flags);
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const auto reply = nlohmann::json::parse(submitted.out);
  const std::string job_id = reply["job_id"];
  const std::uint64_t slot = reply["slot"];

  const auto watched = testing::run_cli("watch " + job_id + flags);
  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  const std::string trimmed = watched.out.substr(0, watched.out.size() - 1);  // one JSON object per line
  const std::string last_line = trimmed.substr(trimmed.rfind('\n') + 1);
  EXPECT_EQ(nlohmann::json::parse(last_line)["state"], "included");

  const auto status = testing::run_cli("status " + job_id + flags);
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto job = nlohmann::json::parse(status.out);
  EXPECT_EQ(job["rollup_id"], "rollup-a");
  EXPECT_EQ(job["vk_hash"], vk_hash);
  EXPECT_EQ(job["inclusion"]["leaf_index"], 0);

  const auto aggregate = testing::run_cli("aggregate-get --wait " + std::to_string(slot) + flags);
  ASSERT_EQ(aggregate.exit_code, 0) << aggregate.err;
  const auto result = nlohmann::json::parse(aggregate.out);
  EXPECT_EQ(result["state"], "verified_only");
  EXPECT_EQ(result["count"], 1);
  EXPECT_EQ(result["job_ids"][0], job_id);
  EXPECT_EQ(result["root"], job["inclusion"]["root"]);
  EXPECT_EQ(result.count("aggregate_proof"), 0u);
}

TEST_F(CliClient, ReportsRefusalsAndBadInput) {
  const auto registered = testing::run_cli("register-vk --vk " + fixture("multiplier", "verification_key.json") + flags);
  const std::string vk_hash = nlohmann::json::parse(registered.out)["vk_hash"];

  const auto forged = testing::run_cli("submit --vk-hash " + vk_hash + " --rollup r --proof " +
                                       fixture("multiplier", "proof_0.json") + " --public " +
                                       fixture("multiplier", "public_1.json") + flags);
  EXPECT_EQ(forged.exit_code, 1);
  EXPECT_EQ(forged.err, "INVALID_ARGUMENT: the proof does not verify against the key\n");

  const auto malformed = testing::run_cli("status no-such-job" + flags);
  EXPECT_EQ(malformed.exit_code, 1);
  EXPECT_EQ(malformed.err, "INVALID_ARGUMENT: job_id \"no-such-job\" is not a job id (32 lowercase hex digits)\n");
  const auto unknown = testing::run_cli("status " + std::string(32, '0') + flags);
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err, "NOT_FOUND: no job " + std::string(32, '0') + "\n");

  const auto missing_file = testing::run_cli("submit --vk-hash " + vk_hash + " --rollup r --proof /nonexistent.json --public " +
                                             fixture("multiplier", "public_1.json") + flags);
  EXPECT_EQ(missing_file.exit_code, 2);
  const auto bad_hash = testing::run_cli("submit --vk-hash 0xzz --rollup r --proof a --public b" + flags);
  EXPECT_EQ(bad_hash.exit_code, 2);
  EXPECT_EQ(testing::run_cli("register-vk" + flags).exit_code, 2);  // neither --vk nor --zkey

  const auto down = testing::run_cli("status x --server 127.0.0.1:1 --timeout 2");
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_EQ(down.err.rfind("UNAVAILABLE: ", 0), 0u) << down.err;
}

TEST_F(CliClient, SubmitsEvmCalldataAndRefusesFilesItCannotSend) {
  const auto registered = testing::run_cli("register-vk --vk " + fixture("multiplier", "verification_key.json") + flags);
  const std::string vk_hash = nlohmann::json::parse(registered.out)["vk_hash"];
  std::filesystem::create_directories(dir);
  const auto proof = groth16::snarkjs::parse_proof(testing::read_text(fixture("multiplier", "proof_1.json")));
  const auto inputs = groth16::snarkjs::parse_public_signals(testing::read_text(fixture("multiplier", "public_1.json")));
  ASSERT_TRUE(proof.ok() && inputs.ok());
  const std::string proof_hex = (dir / "proof.hex").string(), public_hex = (dir / "public.hex").string();
  std::ofstream(proof_hex) << "0x" << hex_encode(groth16::evm_calldata::encode_proof(*proof)) << "\n";
  std::ofstream(public_hex) << "0x" << hex_encode(groth16::evm_calldata::encode_public_inputs(*inputs)) << "\n";
  const auto calldata = testing::run_cli("submit --encoding calldata --vk-hash " + vk_hash + " --rollup r --proof " +
                                         proof_hex + " --public " + public_hex + flags);
  ASSERT_EQ(calldata.exit_code, 0) << calldata.err;
  const auto json = testing::run_cli("submit --vk-hash " + vk_hash + " --rollup r --proof " +
                                     fixture("multiplier", "proof_1.json") + " --public " +
                                     fixture("multiplier", "public_1.json") + flags);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["job_id"], nlohmann::json::parse(calldata.out)["job_id"]);  // one statement

  const std::string binary = (dir / "binary.json").string();
  std::ofstream(binary, std::ios::binary) << std::string("\x7f" "ELF\xff\xfe\x00", 7);
  const auto not_text = testing::run_cli("submit --vk-hash " + vk_hash + " --rollup r --proof " + binary +
                                         " --public " + fixture("multiplier", "public_1.json") + flags);
  EXPECT_EQ(not_text.exit_code, 2);
  EXPECT_EQ(not_text.err, binary + " is not UTF-8 text (a binary file where text was expected?)\n");

  // An unreadable --tls-ca is an error, never a silent fallback.
  const auto no_ca = testing::run_cli("status " + std::string(32, '0') + " --tls-ca /nonexistent/ca.pem" + flags);
  EXPECT_EQ(no_ca.exit_code, 2);
  EXPECT_EQ(no_ca.err, "--tls-ca: cannot read /nonexistent/ca.pem: no such file\n");
  const auto not_pem = testing::run_cli("status " + std::string(32, '0') + " --tls-ca " +
                                        fixture("multiplier", "public_1.json") + flags);
  EXPECT_EQ(not_pem.exit_code, 2);
  EXPECT_NE(not_pem.err.find("holds no PEM certificate"), std::string::npos) << not_pem.err;
}

// proofagg-load against a running server reports that server's store, not its own default.
TEST_F(CliClient, LoadToolAgainstARunningServer) {
  const std::string out_file = (dir / "load.json").string();
  const std::string command = std::string(PROOFAGG_LOAD) + " --server 127.0.0.1:" + std::to_string(server->port()) +
                              " --proofs 6 --concurrency 2 > " + out_file + " 2>/dev/null";
  ASSERT_EQ(WEXITSTATUS(std::system(command.c_str())), 0);
  const auto result = nlohmann::json::parse(testing::read_text(out_file));
  EXPECT_EQ(result["store"], "remote (the server's own)");
  EXPECT_EQ(result["accepted"], 6);  // distinct statements: none is a duplicate
}

TEST(ServerBinary, ReadsItsConfigFileAndRefusesBadOptions) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("proofagg_server_config_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string config = (dir / "server.toml").string();
  std::ofstream(config) << "listen = \"127.0.0.1:0\"\n"
                           "metrics-listen = \"\"\n"
                           "data-dir = \"" << (dir / "data").string() << "\"\n"
                           "slot-ms = 4000\n"
                           "cutoff-ms = 500\n";
  const std::string log = (dir / "log.txt").string();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    freopen(log.c_str(), "w", stderr);
    execl(PROOFAGG_SERVER, PROOFAGG_SERVER, "--config", config.c_str(), nullptr);
    _exit(127);
  }
  std::string text;
  for (int i = 0; i < 100 && text.find("listening") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    text = testing::read_text(log);
  }
  EXPECT_NE(text.find("slot 4000 ms, cut-off 500 ms"), std::string::npos) << text;
  EXPECT_TRUE(std::filesystem::exists(dir / "data" / "proofagg.db"));
  kill(child, SIGTERM);  // a clean shutdown exits 0
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;

  const std::string bad = std::string(PROOFAGG_SERVER) + " --slot-ms 1000 --cutoff-ms 2000 --metrics-listen '' --data-dir " +
                          (dir / "data2").string() + " --listen 127.0.0.1:0 2>/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);  // cut-off longer than a slot
  EXPECT_EQ(WEXITSTATUS(std::system((std::string(PROOFAGG_SERVER) + " --no-such-option 2>/dev/null").c_str())), 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace proofagg::service

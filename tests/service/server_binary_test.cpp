// The proofagg-server binary as an operator runs it and an attacker meets it: what
// it logs (never a password), its --version, config files with unknown keys, a
// CUDA backend without a device, and its peak memory under requests built to make
// parsing expensive, measured from outside (/proc/PID/status).
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "kernels/cuda/device_info.hpp"
#include "proofagg/v1/proofagg.grpc.pb.h"
#include "tests/support/files.hpp"
#include "tests/support/postgres_server.hpp"

namespace proofagg::service {
namespace {

namespace fs = std::filesystem;

// proofagg-server with `args`, its stderr in `log`; killed when this goes away.
class ServerProcess {
 public:
  ServerProcess(const std::vector<std::string>& args, const fs::path& log) : log_(log) {
    pid_ = fork();
    if (pid_ == 0) {
      freopen(log.c_str(), "w", stderr);
      freopen("/dev/null", "w", stdout);
      std::vector<char*> argv{const_cast<char*>(PROOFAGG_SERVER)};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  // Waits for the log to contain `text` (or the process to exit); the log.
  std::string wait_for_log(const std::string& text) {
    std::string log;
    for (int i = 0; i < 200; ++i) {
      log = testing::read_text(log_.string());
      if (log.find(text) != std::string::npos) break;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return testing::read_text(log_.string());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return log;
  }
  int exit_status() const { return exit_status_; }

 private:
  pid_t pid_ = -1;
  int exit_status_ = -1;
  fs::path log_;
};

fs::path test_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("proofagg_binary_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The port the startup line names.
int logged_port(const std::string& log) {
  const auto at = log.find("(port ");
  return at == std::string::npos ? 0 : std::atoi(log.c_str() + at + 6);
}

// VmHWM (peak resident memory) of a process, in bytes.
std::size_t peak_rss(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  for (std::size_t n; pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  if (pipe != nullptr) pclose(pipe);
  return out;
}

TEST(ServerBinary, NeverLogsTheStorePassword) {
  const fs::path dir = test_dir("redact");
  // No database there: the error names the store, without its password.
  ServerProcess unreachable({"--listen", "127.0.0.1:0", "--metrics-listen", "", "--data-dir", (dir / "a").string(),
                             "--store", "postgresql://proofagg:hunter2secret@127.0.0.1:1/proofagg"},
                            dir / "unreachable.log");
  std::string log = unreachable.wait_for_log("no such text");
  EXPECT_EQ(unreachable.exit_status(), 1) << log;
  EXPECT_EQ(log.find("hunter2secret"), std::string::npos) << log;
  EXPECT_NE(log.find("postgresql://proofagg:***@127.0.0.1:1/proofagg"), std::string::npos) << log;

  std::string skip;
  const auto database = testing::PgServer::get().fresh_database(skip);
  if (!skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(database.ok()) << database.error();
  // The test server trusts local connections, so the password is sent and ignored.
  const std::string url = testing::PgServer::get().url(*database) + "&password=hunter2secret";
  ServerProcess running({"--listen", "127.0.0.1:0", "--metrics-listen", "", "--data-dir", (dir / "b").string(),
                         "--store", url},
                        dir / "running.log");
  log = running.wait_for_log("listening on");
  EXPECT_NE(log.find("listening on 127.0.0.1:0 (port "), std::string::npos) << log;
  EXPECT_NE(log.find("TLS off"), std::string::npos) << log;
  EXPECT_NE(log.find("password=***"), std::string::npos) << log;
  EXPECT_EQ(log.find("hunter2secret"), std::string::npos) << log;
  fs::remove_all(dir);
}

TEST(ServerBinary, ReportsItsVersionAndRefusesUnknownConfigKeys) {
  EXPECT_NE(run(std::string(PROOFAGG_SERVER) + " --version").find("proofagg-server " PROOFAGG_VERSION),
            std::string::npos);
  EXPECT_NE(run(std::string(PROOFAGG_CLI) + " --version").find("proofagg " PROOFAGG_VERSION), std::string::npos);

  const fs::path dir = test_dir("config");
  std::ofstream(dir / "server.toml") << "listen = \"127.0.0.1:0\"\nmax-bacth = 64\n";  // misspelt
  ServerProcess server({"--config", (dir / "server.toml").string()}, dir / "config.log");
  const std::string log = server.wait_for_log("no such text");
  EXPECT_EQ(server.exit_status(), 2) << log;
  EXPECT_NE(log.find("max-bacth"), std::string::npos) << log;

  ServerProcess zero_batch({"--max-batch", "0", "--listen", "127.0.0.1:0", "--data-dir", (dir / "d").string()},
                           dir / "batch.log");
  const std::string batch_log = zero_batch.wait_for_log("no such text");
  EXPECT_EQ(zero_batch.exit_status(), 2) << batch_log;
  EXPECT_NE(batch_log.find("--max-batch must be between 1 and 65536, got 0"), std::string::npos) << batch_log;
  fs::remove_all(dir);
}

TEST(ServerBinary, WarnsWhenTheCudaBackendHasNoDevice) {
  if (cuda::device_status().available) GTEST_SKIP() << "this machine has a CUDA device";
  const fs::path dir = test_dir("cuda");
  ServerProcess server({"--listen", "127.0.0.1:0", "--metrics-listen", "", "--data-dir", (dir / "d").string(),
                        "--prover-backend", "cuda"},
                       dir / "cuda.log");
  const std::string log = server.wait_for_log("listening on");
  EXPECT_NE(log.find("--prover-backend cuda, but there is no usable CUDA device"), std::string::npos) << log;
  fs::remove_all(dir);
}

// Requests shaped to make parsing expensive (a proof of nested brackets, a public
// signal array of millions of entries), several at once and before any key check
// could refuse them, keep the server's peak memory bounded.
TEST(ServerBinary, HostileRequestsCannotBalloonItsMemory) {
  const fs::path dir = test_dir("memory");
  ServerProcess server({"--listen", "127.0.0.1:0", "--metrics-listen", "", "--data-dir", (dir / "d").string()},
                       dir / "memory.log");
  const int port = logged_port(server.wait_for_log("listening on"));
  ASSERT_GT(port, 0);
  auto stub = v1::ProofAggregator::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                                               grpc::InsecureChannelCredentials()));
  const auto call = [&](const auto& method) {
    grpc::ClientContext c;
    c.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return method(&c);
  };
  // Each attacker on its own connection (distinct channel arguments keep gRPC from
  // sharing one), so HTTP/2 flow control of one connection does not pace them.
  const auto own_connection = [&](int i) {
    grpc::ChannelArguments args;
    args.SetInt("proofagg.test.connection", i);
    args.SetMaxSendMessageSize(32 << 20);
    return v1::ProofAggregator::NewStub(
        grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials(), args));
  };
  v1::RegisterVerifyingKeyRequest key;
  key.set_snarkjs_json(testing::read_text(testing::fixture_path("snarkjs/multiplier/verification_key.json")));
  v1::RegisterVerifyingKeyResponse registered;
  ASSERT_TRUE(call([&](grpc::ClientContext* c) { return stub->RegisterVerifyingKey(c, key, &registered); }).ok());
  const std::size_t before = peak_rss(server.pid());

  constexpr std::size_t kNearLimit = (16 << 20) - 4096;
  v1::SubmitProofRequest nested;
  nested.set_vk_hash(registered.vk_hash());
  nested.set_rollup_id("attacker");
  nested.mutable_proof()->set_snarkjs_json(std::string(kNearLimit / 2, '[') + std::string(kNearLimit / 2, ']'));
  nested.mutable_public_signals()->set_snarkjs_json("[\"33\"]");
  v1::SubmitProofRequest wide = nested;
  wide.mutable_proof()->set_snarkjs_json(testing::read_text(testing::fixture_path("snarkjs/multiplier/proof_0.json")));
  std::string signals = "[";
  while (signals.size() < kNearLimit - 8) signals += "\"1\",";
  wide.mutable_public_signals()->set_snarkjs_json(signals + "\"1\"]");
  v1::RegisterVerifyingKeyRequest nested_key;
  nested_key.set_snarkjs_json(nested.proof().snarkjs_json());

  // `count` hostile requests at once; returns how many were refused as malformed
  // and how many for the server's request-memory quota (RESOURCE_EXHAUSTED, or
  // UNAVAILABLE when gRPC drops a connection under memory pressure).
  const auto attack = [&](int count) {
    std::atomic<int> malformed{0}, over_quota{0};
    std::mutex others_mutex;
    std::string others;  // any other answer, for the failure message
    std::vector<std::thread> clients;
    for (int i = 0; i < count; ++i) {
      clients.emplace_back([&, i] {
        const auto attacker = own_connection(i);
        v1::SubmitProofResponse response;
        v1::RegisterVerifyingKeyResponse key_response;
        const grpc::Status s =
            i % 4 == 3
                ? call([&](grpc::ClientContext* c) { return attacker->RegisterVerifyingKey(c, nested_key, &key_response); })
                : call([&](grpc::ClientContext* c) {
                    return attacker->SubmitProof(c, i % 4 == 2 ? wide : nested, &response);
                  });
        if (s.error_code() == grpc::StatusCode::INVALID_ARGUMENT) ++malformed;
        if (s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED || s.error_code() == grpc::StatusCode::UNAVAILABLE) {
          ++over_quota;
        } else if (s.error_code() != grpc::StatusCode::INVALID_ARGUMENT) {
          std::lock_guard lock(others_mutex);
          others += std::to_string(s.error_code()) + " " + s.error_message() + "; ";
        }
      });
    }
    for (auto& t : clients) t.join();
    EXPECT_TRUE(others.empty()) << others;
    return std::pair{malformed.load(), over_quota.load()};
  };

  // Four at once: each is refused by its shape, none is parsed into a tree (without
  // the shape check this peaked at 2.1 GiB).
  EXPECT_EQ(attack(4), (std::pair{4, 0}));
  std::size_t peak = peak_rss(server.pid());
  EXPECT_LT(peak, 320u << 20) << "peak " << (peak >> 20) << " MiB, " << (before >> 20) << " MiB before the requests";
  std::cout << "4 requests: peak RSS " << (peak >> 20) << " MiB (" << (before >> 20) << " MiB before)\n";

  // Forty-eight at once: gRPC's memory quota (8 messages' worth) refuses what does
  // not fit instead of buffering it (without the quota: about 19 MiB more per request).
  const auto [malformed, over_quota] = attack(48);
  EXPECT_EQ(malformed + over_quota, 48);
  peak = peak_rss(server.pid());
  EXPECT_LT(peak, 640u << 20) << "peak " << (peak >> 20) << " MiB";
  std::cout << "48 requests: peak RSS " << (peak >> 20) << " MiB, " << over_quota << " refused over the quota\n";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace proofagg::service

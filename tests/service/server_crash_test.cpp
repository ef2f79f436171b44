// A job accepted is never lost: the proofagg-server binary is killed -9 at random
// moments while a client submits proofs, and restarted on the same store (SQLite in
// its data folder, or PostgreSQL), several times. Afterwards every acknowledged job
// is included in exactly one slot.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "proofagg/v1/proofagg.grpc.pb.h"
#include "tests/support/files.hpp"
#include "tests/support/postgres_server.hpp"

namespace proofagg::service {
namespace {

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class ServerProcess {
 public:
  // `store` empty: SQLite under dir.
  ServerProcess(const std::filesystem::path& dir, int port, std::int64_t genesis_ms, const std::string& store) {
    std::vector<std::string> args = {PROOFAGG_SERVER,
                                     "--listen", "127.0.0.1:" + std::to_string(port),
                                     "--metrics-listen", "",
                                     "--data-dir", dir.string(),
                                     "--slot-ms", "1000",
                                     "--cutoff-ms", "200",
                                     "--genesis-unix-ms", std::to_string(genesis_ms),
                                     "--prover-backend", "cpu"};
    if (!store.empty()) args.insert(args.end(), {"--store", store});
    pid_ = fork();
    if (pid_ == 0) {
      const std::string log = (dir.parent_path() / (dir.filename().string() + ".log")).string();
      freopen(log.c_str(), "a", stderr);
      freopen("/dev/null", "w", stdout);
      std::vector<char*> argv;
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  void kill9() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  ~ServerProcess() { kill9(); }

 private:
  pid_t pid_ = -1;
};

enum class Store { kSqlite, kPostgres };

class ServerCrash : public ::testing::TestWithParam<Store> {};

TEST_P(ServerCrash, NoAcknowledgedJobIsLostWhenTheServerIsKilled) {
  std::string store;  // SQLite in the data folder
  if (GetParam() == Store::kPostgres) {
    std::string skip;
    const auto database = testing::PgServer::get().fresh_database(skip);
    if (!skip.empty()) GTEST_SKIP() << skip;
    ASSERT_TRUE(database.ok()) << database.error();
    store = testing::PgServer::get().url(*database);
  }
  const auto dir = std::filesystem::path(::testing::TempDir()) /
                   ("proofagg_crash_" + std::to_string(getpid()) + (store.empty() ? "_sqlite" : "_postgres"));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const int port = free_port();
  const std::int64_t genesis =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();

  // Distinct statements (a job is a statement): the multiplier's witness [1, c, a, b]
  // stays valid with c and a scaled by the same factor.
  const auto zkey = groth16::read_zkey(testing::read_bytes(testing::fixture_path("snarkjs/multiplier/multiplier.zkey")));
  const auto witness = groth16::read_wtns(testing::read_bytes(testing::fixture_path("snarkjs/multiplier/witness_0.wtns")));
  ASSERT_TRUE(zkey.ok() && witness.ok());
  ASSERT_EQ(witness->size(), 4u);
  std::vector<v1::SubmitProofRequest> requests;
  for (int i = 0; i < 240; ++i) {
    std::vector<ff::Fr> scaled = *witness;
    const ff::Fr factor = ff::Fr::from_u64(static_cast<std::uint64_t>(i) + 2);
    scaled[1] = scaled[1] * factor;
    scaled[2] = scaled[2] * factor;
    const auto proved = groth16::prove(*zkey, scaled, Backend::kCpu);
    ASSERT_TRUE(proved.ok()) << proved.error();
    const auto proof = groth16::evm_calldata::encode_proof(proved->proof);
    const auto inputs = groth16::evm_calldata::encode_public_inputs(proved->public_signals);
    v1::SubmitProofRequest r;
    r.mutable_proof()->set_evm_calldata(std::string(proof.begin(), proof.end()));
    r.mutable_public_signals()->set_evm_calldata(std::string(inputs.begin(), inputs.end()));
    r.set_rollup_id("crash-test");
    requests.push_back(std::move(r));
  }
  const std::string vk_json = groth16::snarkjs::format_verifying_key(zkey->verifying_key());

  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
  auto stub = v1::ProofAggregator::NewStub(channel);
  const auto deadline = [](grpc::ClientContext& c, int ms) {
    c.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(ms));
  };
  const auto wait_ready = [&] {
    for (int i = 0; i < 100; ++i) {
      if (channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::milliseconds(200))) return true;
    }
    return false;
  };

  std::mt19937 rng(static_cast<unsigned>(genesis));
  std::map<std::string, std::size_t> acknowledged;  // job id -> request
  std::string vk_hash;
  std::size_t next = 0;
  for (int round = 0; round < 4; ++round) {
    ServerProcess server(dir / "data", port, genesis, store);
    ASSERT_TRUE(wait_ready()) << "the server did not start (round " << round << ")";
    if (vk_hash.empty()) {
      v1::RegisterVerifyingKeyRequest key;
      key.set_snarkjs_json(vk_json);
      v1::RegisterVerifyingKeyResponse response;
      grpc::ClientContext c;
      deadline(c, 10000);
      ASSERT_TRUE(stub->RegisterVerifyingKey(&c, key, &response).ok());
      vk_hash = response.vk_hash();
    }
    // Submit for a random while (crossing slot closes), then kill -9 mid-stream.
    const auto kill_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(300 + rng() % 1500);
    std::thread killer([&] {
      std::this_thread::sleep_until(kill_at);
      server.kill9();
    });
    while (next < requests.size()) {
      v1::SubmitProofRequest r = requests[next];
      r.set_vk_hash(vk_hash);
      v1::SubmitProofResponse response;
      grpc::ClientContext c;
      deadline(c, 2000);
      if (!stub->SubmitProof(&c, r, &response).ok()) break;  // killed
      acknowledged[response.job_id()] = next++;
    }
    killer.join();
  }
  ASSERT_GT(acknowledged.size(), 10u);

  // A last, undisturbed run closes the slots that are still open.
  ServerProcess server(dir / "data", port, genesis, store);
  ASSERT_TRUE(wait_ready());
  std::map<std::uint64_t, std::set<std::string>> by_slot;
  for (const auto& [job_id, index] : acknowledged) {
    v1::GetJobRequest get;
    get.set_job_id(job_id);
    v1::Job job;
    for (int tries = 0; tries < 100; ++tries) {
      grpc::ClientContext c;
      deadline(c, 5000);
      const auto status = stub->GetJob(&c, get, &job);
      // The channel may still hold the killed server's connection: only NOT_FOUND is final.
      ASSERT_NE(status.error_code(), grpc::StatusCode::NOT_FOUND) << "acknowledged job " << job_id << " was lost";
      if (status.ok() && job.state() == v1::JOB_STATE_INCLUDED) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(job.state(), v1::JOB_STATE_INCLUDED) << job_id;
    by_slot[job.slot()].insert(job_id);
  }
  // Each slot result lists exactly the jobs that say they are in it.
  for (const auto& [slot, jobs] : by_slot) {
    v1::GetSlotAggregateRequest request;
    request.set_slot(slot);
    v1::SlotAggregate aggregate;
    grpc::ClientContext c;
    deadline(c, 5000);
    ASSERT_TRUE(stub->GetSlotAggregate(&c, request, &aggregate).ok());
    std::set<std::string> listed(aggregate.job_ids().begin(), aggregate.job_ids().end());
    for (const std::string& id : jobs) EXPECT_TRUE(listed.contains(id)) << id << " missing from slot " << slot;
  }
  server.kill9();
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Stores, ServerCrash, ::testing::Values(Store::kSqlite, Store::kPostgres),
                         [](const ::testing::TestParamInfo<Store>& info) {
                           return info.param == Store::kSqlite ? "SQLite" : "PostgreSQL";
                         });

}  // namespace
}  // namespace proofagg::service

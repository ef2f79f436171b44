// The SQLite job store: idempotent submission, state changes, persistence across
// reopen, and no acknowledged job lost when the writing process is killed -9.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "proofagg/v1/proofagg.pb.h"
#include "service/store/job_store.hpp"

namespace proofagg::store {
namespace {

std::filesystem::path temp_db(const char* name) {
  const auto path = std::filesystem::path(::testing::TempDir()) /
                    (std::string("proofagg_store_") + std::to_string(getpid()) + "_" + name + ".db");
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
  return path;
}

VerifyingKeyRecord key() { return {{1, 2, 3}, "{\"protocol\":\"groth16\"}", 2}; }

JobRecord job(const std::string& id, std::uint64_t slot = 7) {
  JobRecord j;
  j.id = id;
  j.vk_hash = key().vk_hash;
  j.rollup_id = "rollup-a";
  j.proof = std::vector<std::uint8_t>(256, 0x11);
  j.public_inputs = std::vector<std::uint8_t>(64, 0x22);
  j.slot = slot;
  j.submitted_at_ms = 1700000000000;
  return j;
}

TEST(SqliteStore, KeysAndJobsRoundTrip) {
  auto store = open_sqlite_store(":memory:");
  ASSERT_TRUE(store.ok()) << store.error();
  ASSERT_TRUE((*store)->put_verifying_key(key()).ok());
  ASSERT_TRUE((*store)->put_verifying_key(key()).ok());  // idempotent
  EXPECT_EQ(**(*store)->get_verifying_key(key().vk_hash), key());
  EXPECT_FALSE((*store)->get_verifying_key(std::vector<std::uint8_t>{9})->has_value());

  const auto first = (*store)->submit(job("job-1"));
  ASSERT_TRUE(first.ok()) << first.error();
  EXPECT_EQ(*first, job("job-1"));
  JobRecord again = job("job-1");
  again.rollup_id = "someone-else";
  EXPECT_EQ(*(*store)->submit(again), job("job-1"));  // a resubmission gets the original
  ASSERT_TRUE((*store)->submit(job("job-2", 9)).ok());
  EXPECT_EQ(*(*store)->count_in_state(JobState::kQueued), 2u);
  EXPECT_EQ((*store)->jobs_in_state(JobState::kQueued, 8, 10)->size(), 1u);  // slot 9 is later

  ASSERT_TRUE((*store)->set_state("job-2", JobState::kFailed, "does not verify").ok());
  const auto failed = (*store)->get_job("job-2");
  EXPECT_EQ((*failed)->state, JobState::kFailed);
  EXPECT_EQ((*failed)->failure_reason, "does not verify");
  EXPECT_EQ((*store)->set_state("nope", JobState::kVerified).error(), "store: no job nope");
  EXPECT_FALSE((*store)->get_job("nope")->has_value());
  // A job must name a registered key.
  JobRecord orphan = job("job-3");
  orphan.vk_hash = {4, 5, 6};
  EXPECT_FALSE((*store)->submit(orphan).ok());
}

TEST(SqliteStore, SurvivesReopen) {
  const auto path = temp_db("reopen");
  {
    auto store = open_sqlite_store(path.string());
    ASSERT_TRUE(store.ok()) << store.error();
    ASSERT_TRUE((*store)->put_verifying_key(key()).ok());
    ASSERT_TRUE((*store)->submit(job("kept")).ok());
    ASSERT_TRUE((*store)->set_state("kept", JobState::kVerified).ok());
  }
  auto store = open_sqlite_store(path.string());
  ASSERT_TRUE(store.ok());
  const auto kept = (*store)->get_job("kept");
  ASSERT_TRUE(kept->has_value());
  EXPECT_EQ((*kept)->state, JobState::kVerified);
  EXPECT_EQ(**(*store)->get_verifying_key(key().vk_hash), key());
  EXPECT_EQ(open_sqlite_store("/nonexistent-dir/x.db").error().rfind("store: cannot open /nonexistent-dir/x.db", 0), 0u);
}

// A child process submits jobs and reports each acknowledged id on a pipe; it is
// killed -9 mid-stream; every acknowledged job must be in the store afterwards.
TEST(SqliteStore, NoAcknowledgedJobIsLostWhenTheWriterIsKilled) {
  const auto path = temp_db("kill");
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      auto store = open_sqlite_store(path.string());
      if (!store || !(*store)->put_verifying_key(key())) _exit(2);
      for (int i = 0;; ++i) {
        const std::string id = "r" + std::to_string(round) + "-" + std::to_string(i);
        if (!(*store)->submit(job(id))) _exit(3);
        const std::string line = id + "\n";
        if (write(fds[1], line.data(), line.size()) < 0) _exit(4);
      }
    }
    close(fds[1]);
    std::set<std::string> acknowledged;
    std::string pending;
    char buffer[256];
    while (acknowledged.size() < 40 + 20 * static_cast<std::size_t>(round)) {
      const ssize_t n = read(fds[0], buffer, sizeof buffer);
      ASSERT_GT(n, 0) << "the writer died early";
      pending.append(buffer, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
        acknowledged.insert(pending.substr(0, nl));
      }
    }
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    // Acknowledgements still in the pipe count too.
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) pending.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
      acknowledged.insert(pending.substr(0, nl));
    }
    close(fds[0]);
    auto store = open_sqlite_store(path.string());
    ASSERT_TRUE(store.ok()) << store.error();
    for (const std::string& id : acknowledged) {
      const auto j = (*store)->get_job(id);
      ASSERT_TRUE(j.ok()) << j.error();
      EXPECT_TRUE(j->has_value()) << "acknowledged job " << id << " was lost";
    }
  }
}

TEST(ProtoApi, MessagesRoundTrip) {
  proofagg::v1::SubmitProofRequest request;
  request.set_vk_hash(std::string(32, '\x01'));
  request.mutable_proof()->set_evm_calldata(std::string(256, '\x02'));
  request.mutable_public_signals()->set_snarkjs_json("[\"33\"]");
  request.set_rollup_id("rollup-a");
  request.set_target_slot(12);
  std::string wire;
  ASSERT_TRUE(request.SerializeToString(&wire));
  proofagg::v1::SubmitProofRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(wire));
  EXPECT_EQ(parsed.proof().evm_calldata(), request.proof().evm_calldata());
  EXPECT_EQ(parsed.public_signals().snarkjs_json(), "[\"33\"]");
  EXPECT_TRUE(parsed.has_target_slot());
  EXPECT_EQ(parsed.target_slot(), 12u);
  EXPECT_FALSE(parsed.ParseFromString(std::string("\xff\xff\xff", 3)));  // malformed wire bytes
}

}  // namespace
}  // namespace proofagg::store

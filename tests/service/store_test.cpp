// The job store, every case against both backends: SQLite on a temporary file and
// PostgreSQL on a throwaway server this process starts (initdb into a temporary
// folder, unix socket only) and removes at the end. Without PostgreSQL's binaries
// the PostgreSQL cases skip and say why.
//
// Covered: keys and jobs round trip (batches with duplicates, resubmission), state
// counts and errors, the key foreign key, the slot flow (claim, claim jobs, record,
// read back), crash recovery, concurrent claimers, no acknowledged job lost when
// the writing process is killed -9, and proving tasks (the tree's order, leases
// taken over from a worker killed -9 mid-task, attempts, failures, concurrent
// workers).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sqlite3.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "proofagg/v1/proofagg.pb.h"
#include "service/store/job_store.hpp"
#include "tests/support/postgres_server.hpp"

namespace proofagg::store {
namespace {

namespace fs = std::filesystem;
using testing::numbered;
using testing::PgServer;

// ---------------------------------------------------------------------------------
// Fixtures and records.

enum class Backend { kSqlite, kPostgres };
void PrintTo(Backend b, std::ostream* os) { *os << (b == Backend::kSqlite ? "SQLite" : "PostgreSQL"); }

VerifyingKeyRecord key(std::uint8_t tag = 1) {
  return {{tag, 2, 3}, numbered("{\"protocol\":\"groth16\",\"tag\":", tag) + "}", 2, "", {}};
}

JobRecord job(const std::string& id, std::uint64_t slot = 7, JobState state = JobState::kQueued) {
  JobRecord j;
  j.id = id;
  j.vk_hash = key().vk_hash;
  j.rollup_id = "rollup-a";
  j.proof = std::vector<std::uint8_t>(256, 0x11);
  j.public_inputs = std::vector<std::uint8_t>(64, 0x22);
  j.state = state;
  j.slot = slot;
  j.submitted_at_ms = 1700000000000;
  return j;
}

Inclusion inclusion(const std::string& aggregate_id, std::uint64_t leaf, std::uint8_t tag) {
  Inclusion inc;
  inc.aggregate_id = aggregate_id;
  inc.leaf_index = leaf;
  for (int level = 0; level < 3; ++level) {
    for (int b = 0; b < 32; ++b) inc.siblings.push_back(static_cast<std::uint8_t>(tag + level * 32 + b));
  }
  inc.root = std::vector<std::uint8_t>(32, 0xab);
  return inc;
}

std::vector<std::string> ids_of(const std::vector<JobRecord>& jobs) {
  std::vector<std::string> ids;
  for (const JobRecord& j : jobs) ids.push_back(j.id);
  return ids;
}

std::vector<JobRecord> jobs_of(const std::vector<SubmittedJob>& submitted) {
  std::vector<JobRecord> out;
  for (const SubmittedJob& s : submitted) out.push_back(s.job);
  return out;
}
std::vector<bool> created_of(const std::vector<SubmittedJob>& submitted) {
  std::vector<bool> out;
  for (const SubmittedJob& s : submitted) out.push_back(s.created);
  return out;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      std::string skip;
      const auto database = PgServer::get().fresh_database(skip);
      if (!skip.empty()) GTEST_SKIP() << skip;
      ASSERT_TRUE(database.ok()) << database.error();
      database_ = *database;
      location_ = PgServer::get().conninfo(database_);
    } else {
      // One file per test process and case (ctest runs cases in parallel processes).
      std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
      std::replace(name.begin(), name.end(), '/', '_');
      sqlite_path_ = fs::path(::testing::TempDir()) / (numbered("proofagg_store_", getpid()) + "_" + name + ".db");
      remove_sqlite_files();
      location_ = sqlite_path_.string();
    }
  }
  void TearDown() override {
    if (GetParam() == Backend::kSqlite) remove_sqlite_files();
  }

  // Another store object on the same database, as another process would have.
  Result<std::unique_ptr<JobStore>> open() const {
    return GetParam() == Backend::kSqlite ? open_sqlite_store(location_) : open_postgres_store(location_);
  }

  // A store with the test key registered.
  std::unique_ptr<JobStore> open_with_key() {
    auto store = open();
    EXPECT_TRUE(store.ok()) << store.error();
    if (!store) return nullptr;
    EXPECT_TRUE((*store)->put_verifying_key(key()).ok());
    return std::move(*store);
  }

  std::string location_;  // the SQLite file or the PostgreSQL conninfo
  std::string database_;  // PostgreSQL's database name

 private:
  void remove_sqlite_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(sqlite_path_.string() + suffix);
  }
  fs::path sqlite_path_;
};

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "SQLite" : "PostgreSQL";
}

// ---------------------------------------------------------------------------------
// The cases.

TEST_P(StoreTest, KeysAndJobsRoundTrip) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->put_verifying_key(key()).ok());  // idempotent
  VerifyingKeyRecord changed = key();
  changed.snarkjs_json = "{}";
  ASSERT_TRUE(store->put_verifying_key(changed).ok());  // the first record stays
  EXPECT_EQ(**store->get_verifying_key(key().vk_hash), key());
  EXPECT_FALSE(store->get_verifying_key(std::vector<std::uint8_t>{9})->has_value());
  ASSERT_TRUE(store->put_verifying_key(key(0)).ok());
  EXPECT_EQ(*store->list_verifying_keys(), (std::vector<VerifyingKeyRecord>{key(0), key()}));  // by hash

  EXPECT_TRUE(store->submit({})->empty());
  // A duplicate inside the batch gets the first copy.
  JobRecord copy = job("job-1");
  copy.rollup_id = "someone-else";
  const std::vector<JobRecord> batch{job("job-1"), job("job-2", 9), copy};
  const auto first = store->submit(batch);
  ASSERT_TRUE(first.ok()) << first.error();
  EXPECT_EQ(jobs_of(*first), (std::vector<JobRecord>{job("job-1"), job("job-2", 9), job("job-1")}));
  EXPECT_EQ(created_of(*first), (std::vector<bool>{true, true, false}));
  // So does one across batches, whatever its state by now.
  ASSERT_TRUE(store->set_state("job-1", JobState::kVerified).ok());
  JobRecord verified = job("job-1", 7, JobState::kVerified);
  const std::vector<JobRecord> second_batch{job("job-3", 8), copy};
  const auto second = store->submit(second_batch);
  ASSERT_TRUE(second.ok()) << second.error();
  EXPECT_EQ(jobs_of(*second), (std::vector<JobRecord>{job("job-3", 8), verified}));
  EXPECT_EQ(created_of(*second), (std::vector<bool>{true, false}));
  EXPECT_EQ(**store->get_job("job-2"), job("job-2", 9));
  EXPECT_FALSE(store->get_job("nope")->has_value());

  ASSERT_TRUE(store->set_state("job-2", JobState::kFailed, "does not verify").ok());
  const auto failed = store->get_job("job-2");
  EXPECT_EQ((*failed)->state, JobState::kFailed);
  EXPECT_EQ((*failed)->failure_reason, "does not verify");
  EXPECT_EQ(store->set_state("nope", JobState::kVerified).error(), "store: no job nope");
  EXPECT_EQ(store->set_state("nope", JobState::kVerified).error_kind(), ErrorKind::kNotFound);
  const std::map<JobState, std::uint64_t> counts{{JobState::kQueued, 1},
                                                 {JobState::kVerified, 1},
                                                 {JobState::kAggregating, 0},
                                                 {JobState::kIncluded, 0},
                                                 {JobState::kFailed, 1}};
  EXPECT_EQ(*store->count_by_state(), counts);

  // A job must name a registered key, and a batch is stored whole or not at all.
  JobRecord orphan = job("job-5");
  orphan.vk_hash = {4, 5, 6};
  const std::vector<JobRecord> bad_batch{job("job-4"), orphan};
  const auto refused = store->submit(bad_batch);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rfind("store: submit: jobs job-4 .. job-5: ", 0), 0u) << refused.error();
  EXPECT_FALSE(store->get_job("job-4")->has_value());
  EXPECT_EQ(*store->count_by_state(), counts);
  // Slots beyond int64 would wrap in the database.
  const std::vector<JobRecord> far{job("job-6", std::numeric_limits<std::uint64_t>::max())};
  EXPECT_EQ(store->submit(far).error_kind(), ErrorKind::kInvalidArgument);  // the caller's slot, not an outage
  EXPECT_TRUE(store->ping().ok());
}

// A claim is a lease: one never recorded is released after its time, whoever made
// it, and its jobs are claimable again; its owner can no longer record it.
TEST_P(StoreTest, StaleClaimsAreReleasedWhateverTheirOwner) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  const std::vector<JobRecord> jobs{job("j1", 4, JobState::kVerified), job("j2", 4, JobState::kVerified)};
  ASSERT_TRUE(store->submit(jobs).ok());
  ASSERT_TRUE(*store->claim_slot(4, "dead-node"));
  ASSERT_EQ(store->claim_jobs(4, 10)->size(), 2u);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  EXPECT_EQ(*store->release_stale_claims(now_ms - 60000), 0u);  // still within its lease
  EXPECT_EQ(*store->release_stale_claims(now_ms + 1000), 2u);
  EXPECT_EQ((*store->get_job("j1"))->state, JobState::kVerified);
  SlotAggregateRecord late;
  late.slot = 4;
  late.aggregate_id = "late";
  EXPECT_FALSE(store->record_aggregate(late, {}).ok());  // the lease is gone
  ASSERT_TRUE(*store->claim_slot(5, "live-node"));
  EXPECT_EQ(store->claim_jobs(5, 10)->size(), 2u);
}

TEST_P(StoreTest, KeysKeepTheirFirstOwnerWhoAloneChangesTheSubmitters) {
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  VerifyingKeyRecord owned = key();
  owned.owner = "rollup-a";
  owned.submitters = {"rollup-b"};
  const auto stored = (*store)->put_verifying_key(owned);
  ASSERT_TRUE(stored.ok()) << stored.error();
  EXPECT_EQ(*stored, owned);
  VerifyingKeyRecord taken = owned;
  taken.owner = "rollup-c";
  taken.submitters = {"*"};
  EXPECT_EQ(*(*store)->put_verifying_key(taken), owned);  // the first registration's owner stays
  const std::vector<std::string> any{"*"};
  const Status refused = (*store)->set_key_submitters(owned.vk_hash, "rollup-c", any);
  EXPECT_EQ(refused.error_kind(), ErrorKind::kPermissionDenied) << refused.error();
  ASSERT_TRUE((*store)->set_key_submitters(owned.vk_hash, "rollup-a", any).ok());
  EXPECT_EQ((**(*store)->get_verifying_key(owned.vk_hash)).submitters, any);
  const std::vector<std::string> bad{"two\nlines"};
  EXPECT_FALSE((*store)->set_key_submitters(owned.vk_hash, "rollup-a", bad).ok());
}

TEST_P(StoreTest, KeepsItsSlotClockUntilToldToChangeIt) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  const SlotClockSetting first{1000, 1000}, second{5000, 12000};
  EXPECT_EQ(*store->adopt_slot_clock(first), first);   // a new store records it
  EXPECT_EQ(*store->adopt_slot_clock(second), first);  // and keeps it
  // Jobs waiting under the old clock, a slot recorded far ahead under the new one.
  const std::vector<JobRecord> jobs{job("job-1", 900, JobState::kVerified), job("job-2", 5, JobState::kVerified)};
  ASSERT_TRUE(store->submit(jobs).ok());
  for (const std::uint64_t slot : {800, 3}) {
    ASSERT_TRUE(*store->claim_slot(slot, "old"));
    SlotAggregateRecord empty;
    empty.slot = slot;
    empty.aggregate_id = numbered("a", static_cast<int>(slot));
    ASSERT_TRUE(store->record_aggregate(empty, {}).ok());
  }
  ASSERT_TRUE(*store->claim_slot(850, "crashed"));  // never recorded

  const auto change = store->change_slot_clock(second, 10);
  ASSERT_TRUE(change.ok()) << change.error();
  EXPECT_EQ(change->jobs_retargeted, 2u);
  EXPECT_EQ(change->slot_results_dropped, 1u);  // slot 800; slot 3 stays
  EXPECT_EQ(*store->adopt_slot_clock(first), second);
  EXPECT_EQ((*store->get_job("job-1"))->slot, 10u);
  EXPECT_EQ((*store->get_job("job-2"))->slot, 10u);
  EXPECT_EQ(**store->last_aggregated_slot(), 3u);
  EXPECT_TRUE(*store->claim_slot(850, "new"));  // the stale claim is gone
  EXPECT_TRUE(store->get_aggregate(3)->has_value());
}

TEST_P(StoreTest, SlotFlow) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(store->last_aggregated_slot()->has_value());
  // Arrival order is the claim order, whatever the target slot.
  const std::vector<JobRecord> jobs{
      job("j1", 5, JobState::kVerified), job("j2", 6, JobState::kVerified), job("j3", 8, JobState::kVerified),
      job("j4", 6, JobState::kVerified), job("j5", 6, JobState::kQueued),   job("j6", 7, JobState::kFailed)};
  ASSERT_TRUE(store->submit(jobs).ok());

  EXPECT_TRUE(*store->claim_slot(7, "node-a"));
  EXPECT_FALSE(*store->claim_slot(7, "node-b"));
  // Only verified jobs of slots <= 7, oldest first, at most `limit`.
  const auto first = store->claim_jobs(7, 2);
  ASSERT_TRUE(first.ok()) << first.error();
  EXPECT_EQ(ids_of(*first), (std::vector<std::string>{"j1", "j2"}));
  for (const JobRecord& j : *first) {
    EXPECT_EQ(j.state, JobState::kAggregating);
    EXPECT_EQ(j.slot, 7u);
  }
  EXPECT_EQ(ids_of(*store->claim_jobs(7, 10)), (std::vector<std::string>{"j4"}));
  EXPECT_TRUE(store->claim_jobs(7, 10)->empty());
  EXPECT_EQ((*store->get_job("j3"))->state, JobState::kVerified);  // slot 8 waits

  SlotAggregateRecord aggregate;
  aggregate.slot = 7;
  aggregate.state = AggregateState::kProven;
  aggregate.aggregate_id = "agg-7";
  aggregate.root = std::vector<std::uint8_t>(32, 0xab);
  aggregate.job_ids = {"j1", "j2", "j4"};
  aggregate.aggregate_proof = std::vector<std::uint8_t>(256, 0x5a);
  aggregate.aggregate_public_inputs = std::vector<std::uint8_t>(128, 0x01);
  aggregate.note = "3 proofs";
  aggregate.closed_at_ms = 1700000012000;
  const std::vector<JobInclusion> included{
      {"j1", inclusion("agg-7", 0, 1)}, {"j2", inclusion("agg-7", 1, 2)}, {"j4", inclusion("agg-7", 2, 3)}};
  const Status recorded = store->record_aggregate(aggregate, included);
  ASSERT_TRUE(recorded.ok()) << recorded.error();
  for (const JobInclusion& inc : included) {
    const auto j = store->get_job(inc.job_id);
    EXPECT_EQ((*j)->state, JobState::kIncluded);
    EXPECT_EQ((*j)->inclusion, inc.inclusion);
  }
  EXPECT_FALSE((*store->get_job("j3"))->inclusion.has_value());
  EXPECT_EQ(**store->get_aggregate(7), aggregate);
  EXPECT_FALSE(store->get_aggregate(6)->has_value());
  EXPECT_EQ(**store->last_aggregated_slot(), 7u);

  // A slot is recorded once, and only after its claim.
  EXPECT_EQ(store->record_aggregate(aggregate, {}).error(), "store: record aggregate: slot 7 is already recorded");
  aggregate.slot = 9;
  EXPECT_EQ(store->record_aggregate(aggregate, {}).error(), "store: record aggregate: slot 9 was not claimed");
  // A listed job must be aggregating for the slot; the whole record is refused.
  ASSERT_TRUE(*store->claim_slot(9, "node-a"));
  const std::vector<JobInclusion> wrong{{"j3", inclusion("agg-9", 0, 4)}};
  EXPECT_EQ(store->record_aggregate(aggregate, wrong).error(),
            "store: record aggregate: job j3 is not aggregating for slot 9 (it is verified, slot 8)");
  EXPECT_FALSE(store->get_aggregate(9)->has_value());
  EXPECT_EQ(**store->last_aggregated_slot(), 7u);

  // Claimed jobs the aggregate leaves out go back to the queue; an empty slot round
  // trips with no root and no job ids.
  EXPECT_EQ(ids_of(*store->claim_jobs(9, 10)), (std::vector<std::string>{"j3"}));
  SlotAggregateRecord empty;
  empty.slot = 9;
  empty.state = AggregateState::kEmpty;
  empty.note = "nothing verified in time";
  empty.closed_at_ms = 1700000024000;
  ASSERT_TRUE(store->record_aggregate(empty, {}).ok());
  EXPECT_EQ(**store->get_aggregate(9), empty);
  EXPECT_EQ((*store->get_job("j3"))->state, JobState::kVerified);
  EXPECT_EQ(**store->last_aggregated_slot(), 9u);
  EXPECT_EQ(store->count_by_state()->at(JobState::kIncluded), 3u);
  EXPECT_FALSE(store->claim_slot(std::numeric_limits<std::uint64_t>::max(), "node-a").ok());
}

TEST_P(StoreTest, RecoversUnfinishedSlotsOfItsOwner) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  std::vector<JobRecord> jobs;
  for (int i = 0; i < 6; ++i) jobs.push_back(job(numbered("r", i), 1, JobState::kVerified));
  ASSERT_TRUE(store->submit(jobs).ok());
  // Slot 2 closed properly by a; slot 3 left half-done by a; slot 4 by b.
  ASSERT_TRUE(*store->claim_slot(2, "a"));
  ASSERT_EQ(store->claim_jobs(2, 1)->size(), 1u);
  SlotAggregateRecord two;
  two.slot = 2;
  two.state = AggregateState::kVerifiedOnly;
  two.job_ids = {"r0"};
  ASSERT_TRUE(store->record_aggregate(two, std::vector<JobInclusion>{{"r0", inclusion("", 0, 9)}}).ok());
  ASSERT_TRUE(*store->claim_slot(3, "a"));
  ASSERT_EQ(store->claim_jobs(3, 2)->size(), 2u);
  ASSERT_TRUE(*store->claim_slot(4, "b"));
  ASSERT_EQ(store->claim_jobs(4, 1)->size(), 1u);

  EXPECT_EQ(*store->recover_unfinished("a"), 2u);
  EXPECT_EQ((*store->get_job("r1"))->state, JobState::kVerified);
  EXPECT_EQ((*store->get_job("r2"))->state, JobState::kVerified);
  EXPECT_EQ((*store->get_job("r3"))->state, JobState::kAggregating);  // b's
  EXPECT_EQ((*store->get_job("r0"))->inclusion, inclusion("", 0, 9));  // an empty aggregate id is still an inclusion
  EXPECT_TRUE(*store->claim_slot(3, "a"));   // claimable again
  EXPECT_FALSE(*store->claim_slot(4, "a"));  // b's claim stands
  EXPECT_FALSE(*store->claim_slot(2, "a"));  // recorded slots stay
  EXPECT_EQ(**store->get_aggregate(2), two);
  EXPECT_EQ(*store->recover_unfinished("a"), 0u);
  EXPECT_EQ(*store->recover_unfinished("b"), 1u);
}

TEST_P(StoreTest, SurvivesReopen) {
  {
    auto store = open_with_key();
    ASSERT_NE(store, nullptr);
    const std::vector<JobRecord> jobs{job("kept")};
    ASSERT_TRUE(store->submit(jobs).ok());
    ASSERT_TRUE(store->set_state("kept", JobState::kVerified).ok());
    ASSERT_TRUE(*store->claim_slot(3, "a"));
  }
  auto reopened = open();
  ASSERT_TRUE(reopened.ok()) << reopened.error();
  auto& store = *reopened;
  EXPECT_EQ((*store->get_job("kept"))->state, JobState::kVerified);
  EXPECT_EQ(**store->get_verifying_key(key().vk_hash), key());
  EXPECT_FALSE(*store->claim_slot(3, "b"));
}

// A database made before keys had owners gets the new columns on open and loses
// nothing: its keys come back ownerless (open to every rollup), its jobs as they were.
TEST_P(StoreTest, UpgradesADatabaseMadeBeforeKeyOwners) {
  {
    auto store = open_with_key();
    ASSERT_NE(store, nullptr);
    const std::vector<JobRecord> jobs{job("old-job")};
    ASSERT_TRUE(store->submit(jobs).ok());
  }
  const std::string drop = "ALTER TABLE verifying_keys DROP COLUMN owner; ALTER TABLE verifying_keys DROP COLUMN submitters;";
  if (GetParam() == Backend::kPostgres) {
    ASSERT_EQ(PgServer::get().psql(database_, drop), 0);
  } else {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(location_.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, drop.c_str(), nullptr, nullptr, &message);
    const std::string reason = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << reason;
  }
  auto reopened = open();
  ASSERT_TRUE(reopened.ok()) << reopened.error();
  EXPECT_EQ(**(*reopened)->get_verifying_key(key().vk_hash), key());
  EXPECT_EQ((*(*reopened)->get_job("old-job"))->id, "old-job");
  ASSERT_TRUE((*reopened)->set_key_submitters(key().vk_hash, "", std::vector<std::string>{"*"}).ok());
}

// open_store picks the backend from the URL.
TEST_P(StoreTest, OpensThroughItsUrl) {
  const std::string url =
      GetParam() == Backend::kSqlite ? "sqlite:" + location_ : PgServer::get().url(database_);
  auto store = open_store(url);
  ASSERT_TRUE(store.ok()) << store.error();
  ASSERT_TRUE((*store)->put_verifying_key(key()).ok());
  auto other = open();
  ASSERT_TRUE(other.ok()) << other.error();
  EXPECT_EQ(*(*other)->list_verifying_keys(), std::vector<VerifyingKeyRecord>{key()});
}

// Two store objects (two processes' worth) on one database, two threads each: every
// verified job is claimed exactly once.
TEST_P(StoreTest, ConcurrentClaimersGetDisjointJobs) {
  auto setup = open_with_key();
  ASSERT_NE(setup, nullptr);
  constexpr int kJobs = 300;
  std::vector<JobRecord> jobs;
  for (int i = 0; i < kJobs; ++i) jobs.push_back(job(numbered("c", i), 1, JobState::kVerified));
  ASSERT_TRUE(setup->submit(jobs).ok());
  ASSERT_TRUE(*setup->claim_slot(5, "a"));

  std::vector<std::unique_ptr<JobStore>> stores;
  for (int i = 0; i < 2; ++i) {
    auto s = open();
    ASSERT_TRUE(s.ok()) << s.error();
    stores.push_back(std::move(*s));
  }
  EXPECT_FALSE(*stores[1]->claim_slot(5, "b"));  // another process's claim of the same slot
  std::mutex mutex;
  std::vector<std::string> claimed;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      JobStore& store = *stores[static_cast<std::size_t>(t % 2)];
      for (;;) {
        auto batch = store.claim_jobs(5, 7);
        std::lock_guard lock(mutex);
        if (!batch) {
          errors.push_back(batch.error());
          return;
        }
        if (batch->empty()) return;
        for (const JobRecord& j : *batch) claimed.push_back(j.id);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  const std::set<std::string> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), unique.size()) << "a job was claimed twice";
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kJobs));
  EXPECT_EQ(setup->count_by_state()->at(JobState::kAggregating), static_cast<std::uint64_t>(kJobs));
}

// A child process submits jobs (one alone, then batches of three) and reports each
// acknowledged id on a pipe; it is killed -9 mid-stream; every acknowledged job must
// be in the store afterwards.
TEST_P(StoreTest, NoAcknowledgedJobIsLostWhenTheWriterIsKilled) {
  for (int round = 0; round < 4; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      // Only async-signal-safe exits from here: never run the parent's test teardown.
      close(fds[0]);
      auto store = open();
      if (!store || !(*store)->put_verifying_key(key())) _exit(2);
      for (int i = 0;; ++i) {
        std::vector<JobRecord> batch;
        for (int k = 0; k < (i % 2 == 0 ? 1 : 3); ++k) {
          batch.push_back(job(numbered(numbered(numbered("r", round) + "-", i) + "-", k)));
        }
        if (!(*store)->submit(batch)) _exit(3);
        std::string lines;
        for (const JobRecord& j : batch) lines += j.id + "\n";
        if (write(fds[1], lines.data(), lines.size()) < 0) _exit(4);
      }
    }
    close(fds[1]);
    std::set<std::string> acknowledged;
    std::string pending;
    char buffer[256];
    auto take_lines = [&] {
      for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
        acknowledged.insert(pending.substr(0, nl));
      }
    };
    bool died = false;
    while (acknowledged.size() < 40 + 20 * static_cast<std::size_t>(round)) {
      const ssize_t n = read(fds[0], buffer, sizeof buffer);
      if (n <= 0) {
        died = true;
        break;
      }
      pending.append(buffer, static_cast<std::size_t>(n));
      take_lines();
    }
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_FALSE(died) << "the writer died early, exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    // Acknowledgements still in the pipe count too.
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) pending.append(buffer, static_cast<std::size_t>(n));
    take_lines();
    close(fds[0]);
    auto store = open();
    ASSERT_TRUE(store.ok()) << store.error();
    for (const std::string& id : acknowledged) {
      const auto j = (*store)->get_job(id);
      ASSERT_TRUE(j.ok()) << j.error();
      EXPECT_TRUE(j->has_value()) << "acknowledged job " << id << " was lost";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Store, StoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

// ---------------------------------------------------------------------------------
// Proving tasks.

// Five proofs in leaves of two, two node levels, the wrapper (the plan of
// recursion::plan_aggregation for that tree): 3 leaves, 2 + 1 nodes, 1 wrapper.
std::vector<ProvingTask> task_tree(std::uint64_t slot, const std::vector<std::string>& job_ids) {
  const auto id = [&](int level, int position) { return numbered(numbered("t", slot) + "/", level) + "/" + std::to_string(position); };
  std::vector<ProvingTask> tasks;
  for (int p = 0; p < 3; ++p) {
    const auto first = job_ids.begin() + 2 * p;
    tasks.push_back({id(0, p), slot, 0, static_cast<std::uint64_t>(p), id(1, p / 2),
                     std::vector<std::string>(first, std::min(first + 2, job_ids.end()))});
  }
  tasks.push_back({id(1, 0), slot, 1, 0, id(2, 0), {}});
  tasks.push_back({id(1, 1), slot, 1, 1, id(2, 0), {}});
  tasks.push_back({id(2, 0), slot, 2, 0, id(3, 0), {}});
  tasks.push_back({id(3, 0), slot, 3, 0, "", {}});
  return tasks;
}

class ProvingTaskTest : public StoreTest {
 protected:
  // Slot `slot` closed over five fresh jobs, being proven by task_tree's tasks.
  std::vector<ProvingTask> proving_slot(JobStore& store, std::uint64_t slot) {
    const auto ids = verified_jobs(store, slot, 5);
    EXPECT_TRUE(*store.claim_slot(slot, "closer"));
    EXPECT_EQ(store.claim_jobs(slot, 5)->size(), 5u);
    const auto tasks = task_tree(slot, ids);
    const Status recorded = store.record_aggregate(proving(slot, ids), included(ids), tasks);
    EXPECT_TRUE(recorded.ok()) << recorded.error();
    return tasks;
  }
  // `count` verified jobs of `slot`, "p<slot>-<i>".
  static std::vector<std::string> verified_jobs(JobStore& store, std::uint64_t slot, int count) {
    std::vector<JobRecord> jobs;
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      ids.push_back(numbered(numbered("p", slot) + "-", i));
      jobs.push_back(job(ids.back(), slot, JobState::kVerified));
    }
    EXPECT_TRUE(store.submit(jobs).ok());
    return ids;
  }
  static std::vector<JobInclusion> included(const std::vector<std::string>& ids) {
    std::vector<JobInclusion> out;
    for (std::size_t i = 0; i < ids.size(); ++i) out.push_back({ids[i], inclusion("agg", i, 1)});
    return out;
  }
  static SlotAggregateRecord proving(std::uint64_t slot, const std::vector<std::string>& ids) {
    SlotAggregateRecord a;
    a.slot = slot;
    a.state = AggregateState::kProving;
    a.aggregate_id = "agg";
    a.root = std::vector<std::uint8_t>(32, 0xab);
    a.job_ids = ids;
    a.aggregate_public_inputs = std::vector<std::uint8_t>(128, 0x01);
    a.wrapper_vk_hash = std::vector<std::uint8_t>(32, 0x77);
    a.note = "proving";
    a.closed_at_ms = 1000;
    return a;
  }
  // Claims as `worker` at time `now` (a lease of 100 ms), expecting a task.
  static ClaimedTask claim(JobStore& store, const std::string& worker, std::int64_t now = 1000) {
    auto c = store.claim_task(worker, now, now + 100, 3);
    EXPECT_TRUE(c.ok()) << c.error();
    EXPECT_TRUE(c.ok() && c->has_value()) << "no task was ready";
    return c.ok() && c->has_value() ? **c : ClaimedTask{};
  }
  static Status complete(JobStore& store, const ClaimedTask& c, const std::string& worker, std::uint8_t tag) {
    return store.complete_task({c.task.id, worker, std::vector<std::uint8_t>(4, tag), 2000, "proven"});
  }
};

TEST_P(ProvingTaskTest, ChildrenBeforeParentsAndTheRootProvesTheSlot) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  const auto tasks = proving_slot(*store, 7);
  EXPECT_EQ(store->count_tasks_by_state()->at(ProvingTaskState::kReady), 3u);
  EXPECT_EQ(store->count_tasks_by_state()->at(ProvingTaskState::kWaiting), 4u);
  EXPECT_EQ((*store->get_aggregate(7))->state, AggregateState::kProving);
  EXPECT_EQ((*store->get_aggregate(7))->wrapper_vk_hash, std::vector<std::uint8_t>(32, 0x77));
  EXPECT_EQ((*store->get_job("p7-0"))->state, JobState::kIncluded);  // the paths are final at the close

  // The leaves, in order, each with its proofs.
  const ClaimedTask leaf0 = claim(*store, "w");
  EXPECT_EQ(leaf0.task, tasks[0]);
  EXPECT_EQ(leaf0.attempt, 1u);
  EXPECT_TRUE(leaf0.child_outputs.empty());
  const ClaimedTask leaf1 = claim(*store, "w");
  EXPECT_EQ(leaf1.task, tasks[1]);
  ASSERT_TRUE(complete(*store, leaf1, "w", 0x11).ok());
  EXPECT_EQ(claim(*store, "w").task, tasks[2]);  // node 1/0 waits for leaf 0
  EXPECT_FALSE(store->claim_task("w", 1000, 1100, 3)->has_value());
  ASSERT_TRUE(complete(*store, leaf0, "w", 0x10).ok());
  // A ready node goes before anything lower of its slot; its children's outputs by position.
  const ClaimedTask node = claim(*store, "w");
  EXPECT_EQ(node.task, tasks[3]);
  EXPECT_EQ(node.child_outputs, (std::vector<std::vector<std::uint8_t>>{std::vector<std::uint8_t>(4, 0x10),
                                                                        std::vector<std::uint8_t>(4, 0x11)}));
  ASSERT_TRUE(complete(*store, node, "w", 0x20).ok());
  // Leaf 2 (claimed above, lease expired unfinished) comes back to a later claim.
  const ClaimedTask leaf2 = claim(*store, "w", 5000);
  EXPECT_EQ(leaf2.task, tasks[2]);
  EXPECT_EQ(leaf2.attempt, 2u);
  ASSERT_TRUE(complete(*store, leaf2, "w", 0x12).ok());
  const ClaimedTask node1 = claim(*store, "w", 5000);
  EXPECT_EQ(node1.task, tasks[4]);
  EXPECT_EQ(node1.child_outputs, (std::vector<std::vector<std::uint8_t>>{std::vector<std::uint8_t>(4, 0x12)}));
  ASSERT_TRUE(complete(*store, node1, "w", 0x21).ok());
  const ClaimedTask top = claim(*store, "w", 5000);
  EXPECT_EQ(top.task, tasks[5]);
  EXPECT_EQ(top.child_outputs.size(), 2u);
  ASSERT_TRUE(complete(*store, top, "w", 0x30).ok());
  const ClaimedTask wrapper = claim(*store, "w", 5000);
  EXPECT_EQ(wrapper.task, tasks[6]);
  EXPECT_EQ((*store->get_aggregate(7))->state, AggregateState::kProving);
  ASSERT_TRUE(store->complete_task({wrapper.task.id, "w", std::vector<std::uint8_t>(256, 0x5a), 6000, "proven"}).ok());

  SlotAggregateRecord expected = proving(7, {"p7-0", "p7-1", "p7-2", "p7-3", "p7-4"});
  expected.state = AggregateState::kProven;
  expected.aggregate_proof = std::vector<std::uint8_t>(256, 0x5a);
  expected.proven_at_ms = 6000;
  expected.note = "proven";
  EXPECT_EQ(**store->get_aggregate(7), expected);
  EXPECT_FALSE(store->claim_task("w", 9000, 9100, 3)->has_value());
  EXPECT_EQ(store->count_tasks_by_state()->at(ProvingTaskState::kDone), 7u);
  // A task done is no worker's to complete again.
  const Status again = complete(*store, wrapper, "w", 1);
  EXPECT_EQ(again.failure().kind, ErrorKind::kFailedPrecondition) << again.error();
}

TEST_P(ProvingTaskTest, OlderSlotsFirstAndConcurrentWorkersGetDistinctTasks) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  proving_slot(*store, 9);
  proving_slot(*store, 8);
  EXPECT_EQ(claim(*store, "w").task.slot, 8u);

  std::vector<std::unique_ptr<JobStore>> stores;
  for (int i = 0; i < 2; ++i) {
    auto opened = open();
    ASSERT_TRUE(opened.ok()) << opened.error();
    stores.push_back(std::move(*opened));
  }
  std::mutex mutex;
  std::vector<std::string> claimed, errors;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        auto c = stores[static_cast<std::size_t>(t % 2)]->claim_task(numbered("w", t), 1000, 1100, 3);
        std::lock_guard lock(mutex);
        if (!c) errors.push_back(c.error());
        if (!c || !c->has_value()) return;
        claimed.push_back((*c)->task.id);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  const std::set<std::string> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), unique.size()) << "a task was leased twice";
  EXPECT_EQ(unique.size(), 5u);  // the two slots' six leaves, less the one claimed first
}

TEST_P(ProvingTaskTest, AnotherWorkerTakesOverAnExpiredLeaseAndTheFirstIsRefused) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  const auto tasks = proving_slot(*store, 7);
  const ClaimedTask a = claim(*store, "a");
  EXPECT_TRUE(*store->renew_task_lease(a.task.id, "a", 3000));  // a's lease now runs to 3000
  EXPECT_NE(claim(*store, "b", 2000).task.id, a.task.id);
  EXPECT_NE(claim(*store, "b", 2000).task.id, a.task.id);
  EXPECT_FALSE(store->claim_task("b", 2000, 2100, 3)->has_value());
  const ClaimedTask b = claim(*store, "b", 3001);
  EXPECT_EQ(b.task.id, a.task.id);
  EXPECT_EQ(b.attempt, 2u);
  EXPECT_FALSE(*store->renew_task_lease(a.task.id, "a", 9000));
  const Status late = complete(*store, a, "a", 1);
  EXPECT_EQ(late.failure().kind, ErrorKind::kFailedPrecondition);
  EXPECT_NE(late.error().find("leased to b"), std::string::npos) << late.error();
  EXPECT_EQ(store->fail_task(a.task.id, "a", "late").failure().kind, ErrorKind::kFailedPrecondition);
  ASSERT_TRUE(complete(*store, b, "b", 2).ok());
  EXPECT_EQ(store->complete_task({"no-such-task", "b", {}, 0, ""}).failure().kind, ErrorKind::kNotFound);
}

TEST_P(ProvingTaskTest, ATaskThatCannotBeProvenFailsItsSlotWhichStaysVerifiedOnly) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  proving_slot(*store, 7);
  proving_slot(*store, 8);
  const ClaimedTask leaf = claim(*store, "w");
  ASSERT_TRUE(store->fail_task(leaf.task.id, "w", "the witness breaks constraint 'x'").ok());
  const auto failed = **store->get_aggregate(7);
  EXPECT_EQ(failed.state, AggregateState::kVerifiedOnly);
  EXPECT_NE(failed.note.find("the witness breaks constraint 'x'"), std::string::npos) << failed.note;
  EXPECT_EQ(failed.root, std::vector<std::uint8_t>(32, 0xab));  // the commitment stands
  EXPECT_EQ(store->count_tasks_by_state()->at(ProvingTaskState::kFailed), 7u);
  // Other slots go on. A task whose worker dies in every attempt: after the last,
  // its slot fails too.
  const ClaimedTask first = claim(*store, "w");
  EXPECT_EQ(first.task.slot, 8u);
  std::int64_t now = 1000;
  for (std::uint32_t attempt = 2; attempt <= 3; ++attempt) {
    now += 1000;
    const ClaimedTask again = claim(*store, "w", now);
    EXPECT_EQ(again.task.id, first.task.id);
    EXPECT_EQ(again.attempt, attempt);
  }
  EXPECT_EQ((*store->get_aggregate(8))->state, AggregateState::kProving);
  auto none = store->claim_task("w", now + 1000, now + 1100, 3);
  ASSERT_TRUE(none.ok()) << none.error();
  EXPECT_FALSE(none->has_value());
  const auto exhausted = **store->get_aggregate(8);
  EXPECT_EQ(exhausted.state, AggregateState::kVerifiedOnly);
  EXPECT_NE(exhausted.note.find("in each of 3 attempts"), std::string::npos) << exhausted.note;
}

TEST_P(ProvingTaskTest, RefusesATaskTreeThatIsNotOne) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  const std::vector<std::string> ids{"j0", "j1", "j2", "j3", "j4"};
  std::vector<JobInclusion> included;
  for (const std::string& id : ids) {
    ASSERT_TRUE(store->submit(std::vector<JobRecord>{job(id, 7, JobState::kVerified)}).ok());
    included.push_back({id, inclusion("agg", included.size(), 1)});
  }
  ASSERT_TRUE(*store->claim_slot(7, "closer"));
  ASSERT_EQ(store->claim_jobs(7, 5)->size(), 5u);
  const SlotAggregateRecord aggregate = proving(7, ids);
  auto tasks = task_tree(7, ids);
  const auto refused = [&](const std::vector<ProvingTask>& t, const SlotAggregateRecord& a = proving(7, {"j0", "j1", "j2", "j3", "j4"})) {
    const Status s = store->record_aggregate(a, included, t);
    return s.ok() ? std::string("recorded") : s.error();
  };
  auto orphan = tasks;
  orphan[3].parent_id = "nowhere";
  EXPECT_NE(refused(orphan).find("unknown parent nowhere"), std::string::npos);
  auto two_roots = tasks;
  two_roots[5].parent_id = "";
  EXPECT_NE(refused(two_roots).find("one root, not 2"), std::string::npos);
  auto other_slot = tasks;
  other_slot[0].slot = 8;
  EXPECT_NE(refused(other_slot).find("another slot"), std::string::npos);
  EXPECT_NE(refused({}).find("comes with its tasks"), std::string::npos);
  SlotAggregateRecord no_key = aggregate;
  no_key.wrapper_vk_hash.clear();
  EXPECT_NE(refused(tasks, no_key).find("wrapper key hash"), std::string::npos);
  EXPECT_FALSE(store->get_aggregate(7)->has_value());  // nothing recorded by any of them
  EXPECT_EQ(refused(tasks), "recorded");
}

// A worker process claims a task and is killed -9 while "proving" it (it never
// renews, completes or fails it); once its lease runs out, another worker claims
// the same task and finishes it, and the dead worker's lease is no one's.
TEST_P(ProvingTaskTest, AWorkerKilledMidTaskLosesItsLeaseAndAnotherFinishesTheTask) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  const auto tasks = proving_slot(*store, 7);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const auto wall_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    auto worker = open();
    if (!worker) _exit(2);
    const std::int64_t now = wall_ms();
    auto claimed = (*worker)->claim_task("doomed", now, now + 1500, 3);
    if (!claimed || !claimed->has_value()) _exit(3);
    const std::string line = (*claimed)->task.id + "\n";
    if (write(fds[1], line.data(), line.size()) < 0) _exit(4);
    for (;;) pause();  // proving, until killed
  }
  close(fds[1]);
  std::string held;
  char c = 0;
  while (read(fds[0], &c, 1) == 1 && c != '\n') held += c;
  close(fds[0]);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_EQ(held, tasks[0].id) << "the worker process claimed nothing (exit status "
                               << (WIFEXITED(status) ? WEXITSTATUS(status) : -1) << ")";

  // While the dead worker's lease lasts its task is no one else's.
  std::set<std::string> others;
  for (auto c2 = store->claim_task("survivor", wall_ms(), wall_ms() + 60000, 3); c2.ok() && c2->has_value();
       c2 = store->claim_task("survivor", wall_ms(), wall_ms() + 60000, 3)) {
    others.insert((*c2)->task.id);
  }
  EXPECT_EQ(others, (std::set<std::string>{tasks[1].id, tasks[2].id}));
  std::this_thread::sleep_for(std::chrono::milliseconds(1600));
  const auto taken = store->claim_task("survivor", wall_ms(), wall_ms() + 60000, 3);
  ASSERT_TRUE(taken.ok() && taken->has_value());
  EXPECT_EQ((*taken)->task.id, held);
  EXPECT_EQ((*taken)->attempt, 2u);
  EXPECT_TRUE(complete(*store, **taken, "survivor", 0x10).ok());
  EXPECT_FALSE(*store->renew_task_lease(held, "doomed", wall_ms() + 60000));
}

// The scheduler hands leaves out while their slot is open: a leaf over claimed jobs
// is stored ready before the slot's result, proven, and adopted by the record as a
// done child; what it may be built from is checked.
TEST_P(ProvingTaskTest, EarlyLeavesAreProvenBeforeTheCloseAndAdoptedByTheRecord) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  const auto ids = verified_jobs(*store, 7, 5);
  const auto tasks = task_tree(7, ids);
  EXPECT_EQ(store->add_early_leaf(tasks[0]).failure().kind, ErrorKind::kFailedPrecondition);  // slot not claimed
  ASSERT_TRUE(*store->claim_slot(7, "closer"));
  ASSERT_EQ(store->claim_jobs(7, 4)->size(), 4u);
  const Status unclaimed = store->add_early_leaf(tasks[2]);  // p7-4 is still only verified
  EXPECT_EQ(unclaimed.failure().kind, ErrorKind::kFailedPrecondition);
  EXPECT_NE(unclaimed.error().find("p7-4 is not aggregating for slot 7 (it is verified"), std::string::npos)
      << unclaimed.error();
  ProvingTask twice = tasks[0];
  twice.job_ids = {"p7-0", "p7-0"};
  EXPECT_EQ(store->add_early_leaf(twice).failure().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(store->add_early_leaf(tasks[3]).failure().kind, ErrorKind::kInvalidArgument);  // a node
  ASSERT_TRUE(store->add_early_leaf(tasks[0]).ok());
  ASSERT_TRUE(store->add_early_leaf(tasks[1]).ok());
  EXPECT_FALSE(store->add_early_leaf(tasks[1]).ok());  // handed out once

  const ClaimedTask leaf0 = claim(*store, "w");
  EXPECT_EQ(leaf0.task, tasks[0]);
  ASSERT_TRUE(complete(*store, leaf0, "w", 0x10).ok());  // before its parent exists
  const ClaimedTask leaf1 = claim(*store, "w");
  EXPECT_EQ(leaf1.task, tasks[1]);
  EXPECT_FALSE(store->claim_task("w", 1000, 1100, 3)->has_value());

  // The close: the last proof, then the record with the whole tree.
  ASSERT_EQ(store->claim_jobs(7, 1)->size(), 1u);
  std::vector<ProvingTask> moved = tasks;
  std::swap(moved[0].job_ids, moved[1].job_ids);
  const Status refused = store->record_aggregate(proving(7, ids), included(ids), moved);
  EXPECT_EQ(refused.failure().kind, ErrorKind::kInternal);
  EXPECT_NE(refused.error().find("not in the slot's task tree as it was handed out"), std::string::npos)
      << refused.error();
  EXPECT_FALSE(store->get_aggregate(7)->has_value());
  const Status recorded = store->record_aggregate(proving(7, ids), included(ids), tasks);
  ASSERT_TRUE(recorded.ok()) << recorded.error();
  auto counts = *store->count_tasks_by_state();
  EXPECT_EQ(counts.at(ProvingTaskState::kDone), 1u);     // leaf 0
  EXPECT_EQ(counts.at(ProvingTaskState::kReady), 2u);    // leaf 1 (still leased) and leaf 2
  EXPECT_EQ(counts.at(ProvingTaskState::kWaiting), 4u);  // node 1/0 waits for leaf 1 only
  EXPECT_EQ(claim(*store, "w").task, tasks[2]);
  ASSERT_TRUE(complete(*store, leaf1, "w", 0x11).ok());
  const ClaimedTask node = claim(*store, "w");
  EXPECT_EQ(node.task, tasks[3]);
  EXPECT_EQ(node.child_outputs, (std::vector<std::vector<std::uint8_t>>{std::vector<std::uint8_t>(4, 0x10),
                                                                        std::vector<std::uint8_t>(4, 0x11)}));
}

// Releasing an open slot's claim withdraws its early leaves (the worker proving one
// is told so); an early leaf that failed makes the recorded slot verified_only.
TEST_P(ProvingTaskTest, AReleasedClaimDropsItsEarlyLeavesAndAFailedOneFailsTheRecord) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  const auto ids = verified_jobs(*store, 5, 5);
  const auto later = verified_jobs(*store, 7, 2);

  const auto tasks = task_tree(5, ids);
  ASSERT_TRUE(*store->claim_slot(5, "closer"));
  ASSERT_EQ(store->claim_jobs(5, 2)->size(), 2u);
  ASSERT_TRUE(store->add_early_leaf(tasks[0]).ok());
  const ClaimedTask leaf = claim(*store, "w");
  ASSERT_TRUE(store->fail_task(leaf.task.id, "w", "the witness breaks constraint 'x'").ok());
  ASSERT_EQ(store->claim_jobs(5, 3)->size(), 3u);
  const Status recorded = store->record_aggregate(proving(5, ids), included(ids), tasks);
  ASSERT_TRUE(recorded.ok()) << recorded.error();
  const auto failed = **store->get_aggregate(5);
  EXPECT_EQ(failed.state, AggregateState::kVerifiedOnly);
  EXPECT_NE(failed.note.find("the witness breaks constraint 'x'"), std::string::npos) << failed.note;
  EXPECT_EQ((*store->get_job("p5-0"))->state, JobState::kIncluded);
  EXPECT_EQ(store->count_tasks_by_state()->at(ProvingTaskState::kFailed), 7u);

  const ProvingTask early{"t7/0/0", 7, 0, 0, "t7/1/0", later};
  ASSERT_TRUE(*store->claim_slot(7, "closer"));
  ASSERT_EQ(store->claim_jobs(7, 2)->size(), 2u);
  ASSERT_TRUE(store->add_early_leaf(early).ok());
  const ClaimedTask held = claim(*store, "w");
  EXPECT_EQ(held.task, early);
  EXPECT_EQ(*store->recover_unfinished("closer"), 2u);
  EXPECT_EQ((*store->get_job("p7-0"))->state, JobState::kVerified);
  EXPECT_EQ(store->count_tasks_by_state()->at(ProvingTaskState::kReady), 0u);
  EXPECT_EQ(complete(*store, held, "w", 1).failure().kind, ErrorKind::kNotFound);
  EXPECT_FALSE(store->claim_task("w", 5000, 5100, 3)->has_value());
  // The slot can be claimed again, and closed afresh.
  EXPECT_TRUE(*store->claim_slot(7, "another"));
}

INSTANTIATE_TEST_SUITE_P(Store, ProvingTaskTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);



// What only PostgreSQL has: a server that can drop the store's connections.
class PostgresStoreTest : public StoreTest {};

TEST_P(PostgresStoreTest, ReconnectsAfterTheServerDropsItsConnection) {
  auto store = open_with_key();
  ASSERT_NE(store, nullptr);
  const std::vector<JobRecord> jobs{job("before")};
  ASSERT_TRUE(store->submit(jobs).ok());
  ASSERT_EQ(PgServer::get().psql(database_,
                                 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = current_database() AND pid <> pg_backend_pid()"),
            0);
  // The call that finds the connection dead fails (it cannot know whether its
  // statement ran); the next one resets the connection and works.
  const auto failed = store->get_job("before");
  if (!failed.ok()) {
    EXPECT_EQ(failed.error().rfind("store: get job: ", 0), 0u) << failed.error();
  }
  const auto again = store->get_job("before");
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(**again, job("before"));
  const std::vector<JobRecord> more{job("after")};
  EXPECT_TRUE(store->submit(more).ok());
}

INSTANTIATE_TEST_SUITE_P(Store, PostgresStoreTest, ::testing::Values(Backend::kPostgres), backend_name);

TEST(OpenStore, RefusesWhatItCannotOpen) {
  EXPECT_TRUE(open_store(":memory:").ok());
  EXPECT_TRUE(open_store("sqlite::memory:").ok());
  EXPECT_EQ(open_store("").error(), "store: empty store URL (use sqlite:PATH, a file path, or postgresql://...)");
  EXPECT_EQ(open_store("mysql://user:secret@host/db").error(),
            "store: unsupported store URL scheme \"mysql\" (use sqlite:PATH, a file path, or postgresql://...)");
  EXPECT_EQ(open_store("sqlite:").error(), "store: \"sqlite:\" needs a path: sqlite:PATH or sqlite::memory:");
  const auto missing_dir = open_store("/nonexistent-dir/x.db");
  EXPECT_EQ(missing_dir.error().rfind("store: cannot open /nonexistent-dir/x.db", 0), 0u) << missing_dir.error();
  const auto no_server = open_store("postgresql:///db?host=/nonexistent-dir&user=nobody");
  EXPECT_EQ(no_server.error().rfind("store: cannot connect to PostgreSQL: ", 0), 0u) << no_server.error();
  EXPECT_EQ(open_postgres_store("not a conninfo").error().rfind("store: cannot connect to PostgreSQL: ", 0), 0u);
}

TEST(OpenStore, RedactsPasswordsForLogs) {
  EXPECT_EQ(redact_credentials("postgresql://proofagg:s3cret@db.internal:5432/proofagg"),
            "postgresql://proofagg:***@db.internal:5432/proofagg");
  EXPECT_EQ(redact_credentials("postgres://u:p%40ss@h/db?sslmode=require&password=other"),
            "postgres://u:***@h/db?sslmode=require&password=***");
  EXPECT_EQ(redact_credentials("postgresql://user@host/db"), "postgresql://user@host/db");
  EXPECT_EQ(redact_credentials("host=db user=u password=s3cret dbname=x"), "host=db user=u password=*** dbname=x");
  EXPECT_EQ(redact_credentials("host=db PASSWORD = 'with space\\'s' dbname=x"), "host=db PASSWORD = *** dbname=x");
  EXPECT_EQ(redact_credentials("sqlite:/var/lib/proofagg/password=x.db"), "sqlite:/var/lib/proofagg/password=x.db");
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

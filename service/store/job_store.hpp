// Durable state of the service: registered verifying keys, proof jobs and slot
// aggregates. One interface, two backends: SQLite (WAL, synchronous commits) is the
// embedded default; PostgreSQL lets several server processes share the work. Every
// write is committed before the call returns, so an acknowledged job survives a
// crash of the process at any point.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/core/result.hpp"

namespace proofagg::store {

enum class JobState { kQueued = 1, kVerified = 2, kAggregating = 3, kIncluded = 4, kFailed = 5 };

struct VerifyingKeyRecord {
  std::vector<std::uint8_t> vk_hash;
  std::string snarkjs_json;
  std::uint32_t public_inputs = 0;
  // Who may submit proofs against the key when tokens are on: the rollup that
  // registered it first (empty: registered on an open server, so any rollup) and
  // the rollups it names ("*": any rollup).
  std::string owner;
  std::vector<std::string> submitters;
  friend bool operator==(const VerifyingKeyRecord&, const VerifyingKeyRecord&) = default;
};

// The slot clock the store's slot numbers were counted with.
struct SlotClockSetting {
  std::int64_t genesis_unix_ms = 0;
  std::int64_t slot_ms = 0;
  friend bool operator==(const SlotClockSetting&, const SlotClockSetting&) = default;
};

// What change_slot_clock did.
struct SlotClockChange {
  std::uint64_t jobs_retargeted = 0;
  std::uint64_t slot_results_dropped = 0;
};

// Where an included proof went: its leaf in the slot's Merkle tree and the path up.
struct Inclusion {
  std::string aggregate_id;
  std::uint64_t leaf_index = 0;
  std::vector<std::uint8_t> siblings;  // 32 bytes per level, leaf level first
  std::vector<std::uint8_t> root;      // 32 bytes
  friend bool operator==(const Inclusion&, const Inclusion&) = default;
};

struct JobRecord {
  std::string id;  // derived from the content, so resubmissions find the same job
  std::vector<std::uint8_t> vk_hash;
  std::string rollup_id;
  std::vector<std::uint8_t> proof;          // EVM calldata, 256 bytes
  std::vector<std::uint8_t> public_inputs;  // 32-byte big-endian words
  JobState state = JobState::kQueued;
  std::uint64_t slot = 0;
  std::int64_t submitted_at_ms = 0;  // Unix time
  std::string failure_reason;
  std::optional<Inclusion> inclusion;  // once included
  friend bool operator==(const JobRecord&, const JobRecord&) = default;
};

// A closed slot's result. kProving: committed to (every inclusion path final), its
// aggregate proof being made by proving tasks; kProven once the root task's proof
// is in; kVerifiedOnly: committed to, no aggregate proof (none configured, or the
// proving failed: the note says why).
enum class AggregateState { kProven = 2, kVerifiedOnly = 3, kEmpty = 4, kProving = 5 };

struct SlotAggregateRecord {
  std::uint64_t slot = 0;
  AggregateState state = AggregateState::kEmpty;
  std::string aggregate_id;
  std::vector<std::uint8_t> root;                     // 32 bytes; empty when the slot is empty
  std::vector<std::string> job_ids;                   // in leaf order
  std::vector<std::uint8_t> aggregate_proof;          // EVM calldata; empty unless kProven
  std::vector<std::uint8_t> aggregate_public_inputs;  // 32-byte words: the slot's statement
  std::vector<std::uint8_t> wrapper_vk_hash;          // 32 bytes: the key aggregate_proof verifies under
  std::string note;
  std::int64_t closed_at_ms = 0;
  std::int64_t proven_at_ms = 0;  // once kProven
  friend bool operator==(const SlotAggregateRecord&, const SlotAggregateRecord&) = default;
};

// One job of a slot's aggregation proof (recursion::AggregationJob, stored): a
// leaf over some of the slot's proofs, a node over its children, or the wrapper
// (the root, whose output is the slot's aggregate proof). A task is ready once all
// its children are done; a worker holds it under a lease.
enum class ProvingTaskState { kWaiting = 1, kReady = 2, kDone = 3, kFailed = 4 };

struct ProvingTask {
  std::string id;  // unique across slots
  std::uint64_t slot = 0;
  std::uint32_t level = 0;
  std::uint64_t position = 0;
  std::string parent_id;              // empty for the root
  std::vector<std::string> job_ids;   // a leaf's proofs, in inclusion order
  friend bool operator==(const ProvingTask&, const ProvingTask&) = default;
};

// A task a worker holds: it alone completes it while its lease lasts (or until
// another worker claims it after the lease ran out).
struct ClaimedTask {
  ProvingTask task;
  std::vector<std::vector<std::uint8_t>> child_outputs;  // by position
  std::uint32_t attempt = 1;
};

struct TaskCompletion {
  std::string task_id, worker;
  std::vector<std::uint8_t> output;
  std::int64_t finished_at_ms = 0;  // Unix time
  std::string slot_note;            // the root's: replaces the slot result's note
};

struct JobInclusion {
  std::string job_id;
  Inclusion inclusion;
};

// submit's answer for one job: the stored job and whether this call created it.
struct SubmittedJob {
  JobRecord job;
  bool created = false;
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Idempotent: registering the same hash again keeps the first record (and its
  // owner), which is returned.
  virtual Result<VerifyingKeyRecord> put_verifying_key(const VerifyingKeyRecord& key) = 0;
  // Replaces the key's submitters; only its owner may (kPermissionDenied otherwise).
  virtual Status set_key_submitters(std::span<const std::uint8_t> vk_hash, std::string_view owner,
                                    std::span<const std::string> submitters) = 0;
  virtual Result<std::optional<VerifyingKeyRecord>> get_verifying_key(std::span<const std::uint8_t> vk_hash) = 0;
  virtual Result<std::vector<VerifyingKeyRecord>> list_verifying_keys() = 0;

  // Stores every job whose id is new, in one transaction; returns the stored job for
  // each input, in order (a resubmission gets the original, whatever its state), and
  // whether this call created it (for one of several equal ids in a batch, the first).
  virtual Result<std::vector<SubmittedJob>> submit(std::span<const JobRecord> jobs) = 0;
  virtual Result<std::optional<JobRecord>> get_job(std::string_view id) = 0;
  virtual Result<std::map<JobState, std::uint64_t>> count_by_state() = 0;
  // An error when the job does not exist.
  virtual Status set_state(std::string_view id, JobState state, std::string_view failure_reason = {}) = 0;

  // Slot closing. A slot is closed by the one process whose claim_slot succeeds; it
  // then claims the verified jobs of slots <= `slot` (oldest first, at most `limit`;
  // they become kAggregating with their slot set to `slot`; concurrent claimers get
  // disjoint sets) and finally records the aggregate, which marks the listed jobs
  // kIncluded with their inclusion, atomically (claimed jobs it does not list go back
  // to kVerified for a later slot). A kProving aggregate comes with its proving
  // tasks, stored in the same transaction (each task's parent among them, one root).
  // Early leaves of the slot (add_early_leaf) must be among those tasks, unchanged:
  // they join the tree as they stand (a done leaf counts as a done child; a failed
  // one fails the slot's proof, which is recorded kVerifiedOnly saying why).
  virtual Result<bool> claim_slot(std::uint64_t slot, std::string_view owner) = 0;
  virtual Result<std::vector<JobRecord>> claim_jobs(std::uint64_t slot, std::size_t limit) = 0;
  virtual Status record_aggregate(const SlotAggregateRecord& aggregate, std::span<const JobInclusion> included,
                                  std::span<const ProvingTask> tasks = {}) = 0;
  // While its slot is still open, the claimer of the slot hands workers a leaf over
  // jobs it has claimed (claim_jobs), so that leaves are proven as proofs arrive: the
  // task is stored ready, before its slot's result. Refused unless the slot is
  // claimed and unrecorded and every job is aggregating for it. Releasing the claim
  // (recover_unfinished, release_stale_claims) withdraws the slot's early leaves.
  virtual Status add_early_leaf(const ProvingTask& leaf) = 0;
  virtual Result<std::optional<SlotAggregateRecord>> get_aggregate(std::uint64_t slot) = 0;
  // The highest slot with a recorded aggregate, if any.
  virtual Result<std::optional<std::uint64_t>> last_aggregated_slot() = 0;
  // After a crash or a failed close: jobs left kAggregating go back to kVerified, and slots claimed but
  // never recorded can be claimed again. Returns the number of jobs requeued.
  virtual Result<std::uint64_t> recover_unfinished(std::string_view owner) = 0;
  // Claims are leases: a claim not recorded by `claimed_before_ms` (Unix time) is
  // taken to belong to a process that died mid-close (any owner: after a crash a
  // server restarts under a new node id); it is dropped and its jobs go back to
  // kVerified for a later slot. A slow owner that records afterwards is refused.
  // Returns the number of jobs requeued.
  virtual Result<std::uint64_t> release_stale_claims(std::int64_t claimed_before_ms) = 0;

  // Proving tasks, shared by every worker of the store. A claim takes the ready task
  // of the oldest slot, highest level first (so a slot started is finished before
  // the next is begun), that no live lease holds, and leases it to `worker` until
  // `lease_until_ms`; concurrent claimers get different tasks. A task whose lease
  // ran out (its worker died) is claimed again, up to `max_attempts` claims: then it
  // fails its slot (fail_task's outcome) rather than kill worker after worker.
  virtual Result<std::optional<ClaimedTask>> claim_task(std::string_view worker, std::int64_t now_ms,
                                                        std::int64_t lease_until_ms, std::uint32_t max_attempts) = 0;
  // Extends the worker's lease; false when it holds the task no more.
  virtual Result<bool> renew_task_lease(std::string_view task_id, std::string_view worker,
                                        std::int64_t lease_until_ms) = 0;
  // Records the task's output and readies its parent once every child is done; the
  // root's output is the slot's aggregate proof (the result becomes kProven). Refused
  // (kFailedPrecondition) when the worker holds the task no more: another finishes it.
  virtual Status complete_task(const TaskCompletion& completion) = 0;
  // The task cannot be proven: it and its slot's unfinished tasks fail, and the slot
  // result goes back to kVerifiedOnly with `reason` in its note (the inclusion paths
  // stand). Refused like complete_task.
  virtual Status fail_task(std::string_view task_id, std::string_view worker, std::string_view reason) = 0;
  // Every state is present, zero when no task is in it.
  virtual Result<std::map<ProvingTaskState, std::uint64_t>> count_tasks_by_state() = 0;

  // The clock the store's slot numbers mean: a new store records `clock`; either
  // way the recorded one is returned, for the caller to compare.
  virtual Result<SlotClockSetting> adopt_slot_clock(const SlotClockSetting& clock) = 0;
  // Records a new clock. Slot numbers of the old one mean other times under it, so
  // jobs not yet included move to `open_slot` (the new clock's open slot), claims
  // never recorded are released, and slot results numbered `open_slot` or later
  // (they would hide the new clock's slots) are dropped with their proving tasks;
  // included jobs keep their inclusion paths. Run with every server of the store stopped.
  virtual Result<SlotClockChange> change_slot_clock(const SlotClockSetting& clock, std::uint64_t open_slot) = 0;

  // A cheap round trip: OK while the store answers.
  virtual Status ping() = 0;
};

// `path` is a file (created if missing) or ":memory:".
Result<std::unique_ptr<JobStore>> open_sqlite_store(const std::string& path);
// `conninfo` is a libpq connection string ("postgresql://user@host/db", "host=... dbname=...").
Result<std::unique_ptr<JobStore>> open_postgres_store(const std::string& conninfo);
// "sqlite:PATH" (or a bare path) or "postgresql://..." / "postgres://...".
Result<std::unique_ptr<JobStore>> open_store(const std::string& url);

// The store URL or libpq connection string with every password replaced by "***"
// (URL userinfo, a "password" query parameter or keyword), for logs and messages.
std::string redact_credentials(std::string_view url);

}  // namespace proofagg::store

// Durable state of the service: registered verifying keys and proof jobs. One
// interface; SQLite (WAL, synchronous commits) is the embedded default. Every
// write is committed before the call returns, so an acknowledged job survives a
// crash of the process at any point.
#pragma once

#include <cstdint>
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
  friend bool operator==(const VerifyingKeyRecord&, const VerifyingKeyRecord&) = default;
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
  friend bool operator==(const JobRecord&, const JobRecord&) = default;
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Idempotent: registering the same hash again keeps the first record.
  virtual Status put_verifying_key(const VerifyingKeyRecord& key) = 0;
  virtual Result<std::optional<VerifyingKeyRecord>> get_verifying_key(std::span<const std::uint8_t> vk_hash) = 0;

  // Stores the job unless one with its id exists; returns the stored job either way
  // (a resubmission gets the original, whatever its state).
  virtual Result<JobRecord> submit(const JobRecord& job) = 0;
  virtual Result<std::optional<JobRecord>> get_job(std::string_view id) = 0;
  // Oldest first, at most `limit`, slot <= max_slot.
  virtual Result<std::vector<JobRecord>> jobs_in_state(JobState state, std::uint64_t max_slot, std::size_t limit) = 0;
  virtual Result<std::uint64_t> count_in_state(JobState state) = 0;
  // An error when the job does not exist.
  virtual Status set_state(std::string_view id, JobState state, std::string_view failure_reason = {}) = 0;
};

// `path` is a file (created if missing) or ":memory:".
Result<std::unique_ptr<JobStore>> open_sqlite_store(const std::string& path);

}  // namespace proofagg::store

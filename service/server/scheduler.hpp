// The slot scheduler: at each slot's cut-off it claims the slot (one process among
// several sharing a store), takes the verified proofs of that slot and any earlier
// one still waiting, commits to them in a SHA-256 Merkle tree of
// SHA-256(vk_hash || pi_hash) leaves, and records the slot's result with every
// proof's inclusion path. Until recursive aggregation lands the result says plainly
// that no aggregate proof was produced (AGGREGATE_STATE_VERIFIED_ONLY).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "kernels/core/result.hpp"
#include "service/server/change_feed.hpp"
#include "service/server/metrics.hpp"
#include "service/server/slot_clock.hpp"
#include "service/store/job_store.hpp"

namespace proofagg::service {

class SlotScheduler {
 public:
  struct Options {
    std::string owner;  // this process, in slot claims
    std::size_t max_proofs_per_slot = 1 << 16;
  };
  SlotScheduler(store::JobStore& store, const SlotClock& clock, Metrics& metrics, ChangeFeed& feed,
                std::atomic<std::int64_t>& pending_jobs, Options options);
  ~SlotScheduler();

  // Requeues what a crash of this owner left half done, then closes slots on time.
  Status start();
  // Closes one slot now (the loop calls it at the cut-off).
  Status close_slot(std::uint64_t slot);

 private:
  void run(std::uint64_t first_slot);
  // Drops claims whose lease ran out (their owner died mid-close) and requeues their jobs.
  Status release_stale_claims();

  store::JobStore& store_;
  const SlotClock& clock_;
  Metrics& metrics_;
  ChangeFeed& feed_;
  std::atomic<std::int64_t>& pending_jobs_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread loop_;
};

}  // namespace proofagg::service

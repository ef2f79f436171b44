// The slot scheduler: at each slot's cut-off it claims the slot (one process among
// several sharing a store), takes the verified proofs of that slot and any earlier
// one still waiting, commits to them in a SHA-256 Merkle tree of
// SHA-256(vk_hash || pi_hash) leaves, and records the slot's result with every
// proof's inclusion path. With aggregation keys the result is recorded as proving,
// together with the proving tasks of its aggregate proof (leaves, nodes, wrapper:
// recursion::plan_aggregation) for the workers; without, it says plainly that no
// aggregate proof is produced (verified_only).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "aggregator/recursion/aggregation.hpp"
#include "kernels/core/result.hpp"
#include "service/server/background_loop.hpp"
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
    // The key set whose tree the slots' proofs are planned for (its manifest: the
    // shape and the wrapper's vk_hash); null: no aggregate proofs.
    const recursion::AggregationKeyFiles* aggregation = nullptr;
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
  BackgroundLoop loop_;  // last: stopped before the members it uses go
};

}  // namespace proofagg::service

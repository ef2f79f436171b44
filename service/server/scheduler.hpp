// The slot scheduler: at each slot's cut-off it claims the slot (one process among
// several sharing a store), takes the verified proofs of that slot and any earlier
// one still waiting, commits to them in a SHA-256 Merkle tree of
// SHA-256(vk_hash || pi_hash) leaves, and records the slot's result with every
// proof's inclusion path. With aggregation keys the result is recorded as proving,
// together with the proving tasks of its aggregate proof (leaves, nodes, wrapper:
// recursion::plan_aggregation) for the workers; without, it says plainly that no
// aggregate proof is produced (verified_only). With keys it also claims the slot
// while it is open and hands each leaf to the workers as soon as its proofs have
// arrived, so that at the cut-off only the last leaf, the nodes and the wrapper are
// left to prove.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

 private:
  // The slot the loop waits to close, once claimed while it is open.
  struct OpenSlot {
    std::uint64_t slot = 0;
    bool ours = false;                   // this process's claim (else another closes it)
    bool early_leaves = true;            // false once handing out a leaf failed: the close does the rest
    std::vector<store::JobRecord> jobs;  // claimed so far, in leaf order
    std::size_t leaves = 0;              // handed out: jobs[0, leaves * k)
  };

  void run(std::uint64_t first_slot);
  // Waits for the slot's cut-off, meanwhile handing out its leaves as they fill.
  // True when the loop is stopped (the open slot's claim is then released).
  bool wait_for_cutoff(std::uint64_t slot);
  // Claims `slot` into open_ unless it is there already (claimed or not by us).
  Status claim_open_slot(std::uint64_t slot);
  Status take_early_leaves(std::uint64_t slot);
  void release_open_slot();
  std::size_t proofs_per_slot() const;
  // Closes one slot (at its cut-off).
  Status close_slot(std::uint64_t slot);
  // Drops claims whose lease ran out (their owner died mid-close) and requeues their jobs.
  Status release_stale_claims();

  store::JobStore& store_;
  const SlotClock& clock_;
  Metrics& metrics_;
  ChangeFeed& feed_;
  std::atomic<std::int64_t>& pending_jobs_;
  Options options_;
  std::optional<OpenSlot> open_;  // the loop's (close_slot's when it closes that slot)
  BackgroundLoop loop_;  // last: stopped before the members it uses go
};

}  // namespace proofagg::service

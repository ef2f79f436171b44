// The aggregation prover of a server process: it takes proving tasks from the
// store (any slot's, planned by any server sharing it), proves each with the key
// files (each circuit's key loaded on first use, then kept for the process's life)
// and hands the output on: a leaf's or node's proof to its parent, the wrapper's
// to the slot result, which becomes proven. A task is held under a lease that the
// worker renews while it proves; a worker that dies (SIGKILL, OOM, a lost node)
// stops renewing, and once the lease runs out another worker takes the task over.
// One task at a time: a proof already uses every core (or the GPU).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "aggregator/recursion/aggregation.hpp"
#include "kernels/core/backend.hpp"
#include "kernels/core/result.hpp"
#include "service/server/background_loop.hpp"
#include "service/server/change_feed.hpp"
#include "service/server/key_registry.hpp"
#include "service/server/metrics.hpp"
#include "service/server/slot_clock.hpp"
#include "service/store/job_store.hpp"

namespace proofagg::service {

class ProvingWorker {
 public:
  struct Options {
    std::string worker_id;                      // this process, in leases
    std::chrono::milliseconds lease{30000};     // renewed every third of it while proving
    std::chrono::milliseconds poll{500};        // between claims while nothing is ready
    std::uint32_t max_attempts = 3;             // claims of one task before its slot fails
  };
  ProvingWorker(store::JobStore& store, KeyRegistry& keys, const recursion::AggregationKeyFiles& key_files,
                Backend backend, const SlotClock& clock, Metrics& metrics, ChangeFeed& feed, Options options);
  // Stops claiming and waits for the task in hand, if any, to finish.
  ~ProvingWorker();

  void start();
  // One claim and, if a task was ready, its proof: true when a task was taken
  // (whatever became of it), false when none was ready.
  Result<bool> run_once();

 private:
  void run();
  // The task's output: a node child's bytes, or the wrapper's proof as EVM calldata.
  Result<std::vector<std::uint8_t>> prove(const store::ClaimedTask& claimed, recursion::StageTimes& times);
  Result<std::vector<std::uint8_t>> prove_leaf(const store::ClaimedTask& claimed, recursion::StageTimes& times);
  // Whether the store refused a completion because the task is no longer ours to
  // finish (taken over, or withdrawn): nothing is lost, the worker goes on.
  bool withdrawn_or_lost(const Status& refused);

  store::JobStore& store_;
  KeyRegistry& keys_;
  recursion::SlotAggregator aggregator_;
  const SlotClock& clock_;
  Metrics& metrics_;
  ChangeFeed& feed_;
  Options options_;
  BackgroundLoop loop_;  // last: stopped before the members it uses go
};

}  // namespace proofagg::service

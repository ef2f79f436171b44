// The service's Prometheus metrics (prometheus-cpp), served on /metrics by an
// embedded HTTP exposer. Names follow Prometheus conventions: `_total` counters,
// `_seconds` histograms, base units.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <string_view>

#include "kernels/core/result.hpp"
#include "service/store/job_store.hpp"

namespace proofagg::service {

class Metrics {
  std::shared_ptr<prometheus::Registry> registry_;  // first: the members below live in it

 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Serves /metrics on `address` ("127.0.0.1:9464"; port 0 picks a free one).
  Status serve(const std::string& address);
  // The port /metrics listens on, 0 when not serving.
  int port() const;

  // outcome: accepted | duplicate | rejected; reason: a short snake_case cause
  // ("ok" unless rejected).
  void count_submission(std::string_view outcome, std::string_view reason);
  void set_jobs_in_state(store::JobState state, double count);
  void set_tasks_in_state(store::ProvingTaskState state, double count);
  // One proving task's time by stage: leaf | node | wrapper, and witness (the
  // witness generation inside each).
  prometheus::Histogram& aggregation_stage(std::string_view stage);
  // Exports every NTT and MSM run of this process as proofagg_kernel_seconds (the
  // kernels report to one observer: the Metrics that called this last).
  void observe_kernels();

  prometheus::Registry& registry() { return *registry_; }

  prometheus::Counter& proofs_verified;
  prometheus::Counter& proofs_included;
  prometheus::Counter& slots_aggregated;
  prometheus::Counter& slots_empty;
  prometheus::Counter& slot_deadline_misses;
  prometheus::Histogram& intake_latency;
  prometheus::Histogram& verification_batch;
  prometheus::Histogram& verification_batch_size;
  prometheus::Histogram& aggregation_slot;
  prometheus::Histogram& prove;
  prometheus::Counter& slots_proven;
  prometheus::Counter& slot_proofs_failed;
  prometheus::Counter& task_leases_lost;
  prometheus::Histogram& aggregate_proofs;    // proofs per proven aggregate
  prometheus::Histogram& cutoff_to_proof;     // slot cut-off to its aggregate proof
  prometheus::Gauge& queue_depth;
  prometheus::Gauge& device_memory_in_use;

 private:
  prometheus::Family<prometheus::Counter>* submissions_;
  prometheus::Family<prometheus::Gauge>* jobs_;
  prometheus::Family<prometheus::Histogram>* kernel_seconds_;
  prometheus::Family<prometheus::Gauge>* tasks_;
  prometheus::Family<prometheus::Histogram>* stage_seconds_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace proofagg::service

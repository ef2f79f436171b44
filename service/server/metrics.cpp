#include "service/server/metrics.hpp"

#include <atomic>
#include <exception>

#include "kernels/core/kernel_timing.hpp"

namespace proofagg::service {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;
using prometheus::Histogram;

// 1 ms .. ~65 s, doubling: intake is milliseconds, slot aggregation seconds.
Histogram::BucketBoundaries seconds_buckets() {
  Histogram::BucketBoundaries b;
  for (double v = 0.001; v < 70; v *= 2) b.push_back(v);
  return b;
}

// 125 ms .. ~70 min, doubling: a proving task takes seconds on a GPU, minutes on CPUs.
Histogram::BucketBoundaries proving_buckets() {
  Histogram::BucketBoundaries b;
  for (double v = 0.125; v < 4200; v *= 2) b.push_back(v);
  return b;
}

prometheus::Counter &counter(prometheus::Registry &r, const std::string &name, const std::string &help) {
  return BuildCounter().Name(name).Help(help).Register(r).Add({});
}
prometheus::Gauge &gauge(prometheus::Registry &r, const std::string &name, const std::string &help) {
  return BuildGauge().Name(name).Help(help).Register(r).Add({});
}
prometheus::Histogram &histogram(prometheus::Registry &r, const std::string &name, const std::string &help,
                                 const Histogram::BucketBoundaries &buckets, const prometheus::Labels &labels = {}) {
  return BuildHistogram().Name(name).Help(help).Register(r).Add(labels, buckets);
}

const char *state_label(store::JobState s) {
  switch (s) {
    case store::JobState::kQueued: return "queued";
    case store::JobState::kVerified: return "verified";
    case store::JobState::kAggregating: return "aggregating";
    case store::JobState::kIncluded: return "included";
    case store::JobState::kFailed: return "failed";
  }
  return "unknown";
}

const char *task_state_label(store::ProvingTaskState s) {
  switch (s) {
    case store::ProvingTaskState::kWaiting: return "waiting";
    case store::ProvingTaskState::kReady: return "ready";
    case store::ProvingTaskState::kDone: return "done";
    case store::ProvingTaskState::kFailed: return "failed";
  }
  return "unknown";
}

std::atomic<Metrics *> kernel_metrics{nullptr};

const char *kernel_label(KernelOp op) {
  switch (op) {
    case KernelOp::kNtt: return "ntt";
    case KernelOp::kMsmG1: return "msm_g1";
    case KernelOp::kMsmG2: return "msm_g2";
  }
  return "unknown";
}

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      proofs_verified(counter(*registry_, "proofagg_proofs_verified_total", "Proofs that verified on intake")),
      proofs_included(counter(*registry_, "proofagg_proofs_included_total", "Proofs included in a slot result")),
      slots_aggregated(counter(*registry_, "proofagg_slots_aggregated_total", "Slots closed with at least one proof")),
      slots_empty(counter(*registry_, "proofagg_slots_empty_total", "Slots closed without proofs")),
      slot_deadline_misses(counter(*registry_, "proofagg_slot_deadline_misses_total",
                                   "Slots whose result was recorded after the slot ended, or skipped while down")),
      intake_latency(histogram(*registry_, "proofagg_intake_latency_seconds",
                               "SubmitProof from request to acknowledgement", seconds_buckets())),
      verification_batch(histogram(*registry_, "proofagg_verification_batch_seconds",
                                   "Batch verification and persistence of one intake batch", seconds_buckets())),
      verification_batch_size(histogram(*registry_, "proofagg_verification_batch_proofs",
                                        "Proofs per intake verification batch",
                                        Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128, 256, 512})),
      aggregation_slot(histogram(*registry_, "proofagg_aggregation_seconds",
                                 "Time to build a slot's result, per aggregation level", seconds_buckets(),
                                 {{"level", "slot"}})),
      prove(histogram(*registry_, "proofagg_prove_seconds", "ProveWitness: one Groth16 proof (NTT + MSM)",
                      seconds_buckets())),
      slots_proven(counter(*registry_, "proofagg_slots_proven_total", "Slots whose aggregate proof was made")),
      slot_proofs_failed(counter(*registry_, "proofagg_slot_proofs_failed_total",
                                 "Slots whose aggregate proof failed (their results stay verified_only)")),
      task_leases_lost(counter(*registry_, "proofagg_proving_task_leases_lost_total",
                               "Proving tasks this worker finished after another had taken them over")),
      aggregate_proofs(histogram(*registry_, "proofagg_aggregate_proofs", "Proofs per proven aggregate",
                                 Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024})),
      cutoff_to_proof(histogram(*registry_, "proofagg_aggregate_cutoff_to_proof_seconds",
                                "From a slot's cut-off to its aggregate proof", proving_buckets())),
      queue_depth(gauge(*registry_, "proofagg_queue_depth", "Submissions waiting for intake verification")),
      device_memory_in_use(
          gauge(*registry_, "proofagg_device_memory_in_use_bytes", "GPU memory in use (0 without a device)")),
      submissions_(&BuildCounter()
                        .Name("proofagg_submissions_total")
                        .Help("SubmitProof calls by outcome and reason")
                        .Register(*registry_)),
      jobs_(&BuildGauge().Name("proofagg_jobs").Help("Jobs per state in the store").Register(*registry_)),
      kernel_seconds_(&BuildHistogram()
                           .Name("proofagg_kernel_seconds")
                           .Help("NTT and MSM run times by kernel and backend")
                           .Register(*registry_)),
      tasks_(&BuildGauge().Name("proofagg_proving_tasks").Help("Proving tasks per state in the store").Register(*registry_)),
      stage_seconds_(&BuildHistogram()
                          .Name("proofagg_aggregation_stage_seconds")
                          .Help("One proving task by stage (leaf, node, wrapper; witness: its witness generation)")
                          .Register(*registry_)) {
  for (const char *stage : {"leaf", "node", "wrapper", "witness"}) aggregation_stage(stage);
  submissions_->Add({{"outcome", "accepted"}, {"reason", "ok"}});  // present from the first scrape
}

Metrics::~Metrics() {
  Metrics *self = this;
  if (kernel_metrics.compare_exchange_strong(self, nullptr)) set_kernel_observer(nullptr);
}

void Metrics::observe_kernels() {
  kernel_metrics.store(this);
  set_kernel_observer([](KernelOp op, Backend backend, std::size_t, double seconds) {
    if (Metrics *m = kernel_metrics.load()) {
      // 100 us .. ~100 s: small proofs' NTTs up to large GPU-less MSMs.
      static const Histogram::BucketBoundaries buckets = [] {
        Histogram::BucketBoundaries b;
        for (double v = 1e-4; v < 120; v *= 4) b.push_back(v);
        return b;
      }();
      m->kernel_seconds_->Add({{"kernel", kernel_label(op)}, {"backend", std::string(backend_name(backend))}}, buckets)
          .Observe(seconds);
    }
  });
}

Status Metrics::serve(const std::string &address) {
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception &e) {
    return make_error("metrics: cannot listen on " + address + ": " + e.what());
  }
  exposer_->RegisterCollectable(registry_);
  return {};
}

int Metrics::port() const {
  if (!exposer_) return 0;
  const auto ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void Metrics::count_submission(std::string_view outcome, std::string_view reason) {
  submissions_->Add({{"outcome", std::string(outcome)}, {"reason", std::string(reason)}}).Increment();
}

void Metrics::set_tasks_in_state(store::ProvingTaskState state, double count) {
  tasks_->Add({{"state", task_state_label(state)}}).Set(count);
}

prometheus::Histogram &Metrics::aggregation_stage(std::string_view stage) {
  return stage_seconds_->Add({{"stage", std::string(stage)}}, proving_buckets());
}

void Metrics::set_jobs_in_state(store::JobState state, double count) {
  jobs_->Add({{"state", state_label(state)}}).Set(count);
}

}  // namespace proofagg::service

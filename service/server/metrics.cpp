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

const char* state_label(store::JobState s) {
  switch (s) {
    case store::JobState::kQueued: return "queued";
    case store::JobState::kVerified: return "verified";
    case store::JobState::kAggregating: return "aggregating";
    case store::JobState::kIncluded: return "included";
    case store::JobState::kFailed: return "failed";
  }
  return "unknown";
}

std::atomic<Metrics*> kernel_metrics{nullptr};

const char* kernel_label(KernelOp op) {
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
      proofs_verified(BuildCounter()
                          .Name("proofagg_proofs_verified_total")
                          .Help("Proofs that verified on intake")
                          .Register(*registry_)
                          .Add({})),
      proofs_included(BuildCounter()
                          .Name("proofagg_proofs_included_total")
                          .Help("Proofs included in a slot result")
                          .Register(*registry_)
                          .Add({})),
      slots_aggregated(BuildCounter()
                           .Name("proofagg_slots_aggregated_total")
                           .Help("Slots closed with at least one proof")
                           .Register(*registry_)
                           .Add({})),
      slots_empty(BuildCounter()
                      .Name("proofagg_slots_empty_total")
                      .Help("Slots closed without proofs")
                      .Register(*registry_)
                      .Add({})),
      slot_deadline_misses(BuildCounter()
                               .Name("proofagg_slot_deadline_misses_total")
                               .Help("Slots whose result was recorded after the slot ended, or skipped while down")
                               .Register(*registry_)
                               .Add({})),
      intake_latency(BuildHistogram()
                         .Name("proofagg_intake_latency_seconds")
                         .Help("SubmitProof from request to acknowledgement")
                         .Register(*registry_)
                         .Add({}, seconds_buckets())),
      verification_batch(BuildHistogram()
                             .Name("proofagg_verification_batch_seconds")
                             .Help("Batch verification and persistence of one intake batch")
                             .Register(*registry_)
                             .Add({}, seconds_buckets())),
      verification_batch_size(BuildHistogram()
                                  .Name("proofagg_verification_batch_proofs")
                                  .Help("Proofs per intake verification batch")
                                  .Register(*registry_)
                                  .Add({}, Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128, 256, 512})),
      aggregation_slot(BuildHistogram()
                           .Name("proofagg_aggregation_seconds")
                           .Help("Time to build a slot's result, per aggregation level")
                           .Register(*registry_)
                           .Add({{"level", "slot"}}, seconds_buckets())),
      prove(BuildHistogram()
                .Name("proofagg_prove_seconds")
                .Help("ProveWitness: one Groth16 proof (NTT + MSM)")
                .Register(*registry_)
                .Add({}, seconds_buckets())),
      queue_depth(BuildGauge()
                      .Name("proofagg_queue_depth")
                      .Help("Submissions waiting for intake verification")
                      .Register(*registry_)
                      .Add({})),
      device_memory_in_use(BuildGauge()
                               .Name("proofagg_device_memory_in_use_bytes")
                               .Help("GPU memory in use (0 without a device)")
                               .Register(*registry_)
                               .Add({})),
      submissions_(&BuildCounter()
                        .Name("proofagg_submissions_total")
                        .Help("SubmitProof calls by outcome and reason")
                        .Register(*registry_)),
      jobs_(&BuildGauge().Name("proofagg_jobs").Help("Jobs per state in the store").Register(*registry_)),
      kernel_seconds_(&BuildHistogram()
                           .Name("proofagg_kernel_seconds")
                           .Help("NTT and MSM run times by kernel and backend")
                           .Register(*registry_)) {
  submissions_->Add({{"outcome", "accepted"}, {"reason", "ok"}});  // present from the first scrape
}

Metrics::~Metrics() {
  Metrics* self = this;
  if (kernel_metrics.compare_exchange_strong(self, nullptr)) set_kernel_observer(nullptr);
}

void Metrics::observe_kernels() {
  kernel_metrics.store(this);
  set_kernel_observer([](KernelOp op, Backend backend, std::size_t, double seconds) {
    if (Metrics* m = kernel_metrics.load()) {
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

Status Metrics::serve(const std::string& address) {
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception& e) {
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

void Metrics::set_jobs_in_state(store::JobState state, double count) {
  jobs_->Add({{"state", state_label(state)}}).Set(count);
}

}  // namespace proofagg::service

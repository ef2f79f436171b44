// The ProofAggregator gRPC handlers. Thin: they authenticate, decode strictly,
// and hand work to the intake, the store, the scheduler's results and the prover.
#pragma once

#include <atomic>

#include "proofagg/v1/proofagg.grpc.pb.h"
#include "service/server/auth.hpp"
#include "service/server/change_feed.hpp"
#include "service/server/intake.hpp"
#include "service/server/key_registry.hpp"
#include "service/server/metrics.hpp"
#include "service/server/proving_keys.hpp"
#include "service/server/server.hpp"
#include "service/server/slot_clock.hpp"
#include "service/store/job_store.hpp"

namespace proofagg::service {

struct ServiceDeps {
  const ServerOptions& options;
  store::JobStore& store;
  KeyRegistry& keys;
  ProvingKeys& proving_keys;
  Intake& intake;
  const SlotClock& clock;
  Metrics& metrics;
  Authenticator& auth;
  ChangeFeed& feed;
  std::atomic<std::int64_t>& pending_jobs;
  std::atomic<bool>& stopping;
};

class ProofAggregatorService final : public v1::ProofAggregator::Service {
 public:
  explicit ProofAggregatorService(ServiceDeps deps) : d_(deps) {}

  grpc::Status RegisterVerifyingKey(grpc::ServerContext* context, const v1::RegisterVerifyingKeyRequest* request,
                                    v1::RegisterVerifyingKeyResponse* response) override;
  grpc::Status GetVerifyingKey(grpc::ServerContext* context, const v1::GetVerifyingKeyRequest* request,
                               v1::VerifyingKey* response) override;
  grpc::Status SubmitProof(grpc::ServerContext* context, const v1::SubmitProofRequest* request,
                           v1::SubmitProofResponse* response) override;
  grpc::Status GetJob(grpc::ServerContext* context, const v1::GetJobRequest* request, v1::Job* response) override;
  grpc::Status WatchJob(grpc::ServerContext* context, const v1::GetJobRequest* request,
                        grpc::ServerWriter<v1::Job>* writer) override;
  grpc::Status GetSlotAggregate(grpc::ServerContext* context, const v1::GetSlotAggregateRequest* request,
                                v1::SlotAggregate* response) override;
  grpc::Status WatchAggregates(grpc::ServerContext* context, const v1::WatchAggregatesRequest* request,
                               grpc::ServerWriter<v1::SlotAggregate>* writer) override;
  grpc::Status RegisterProvingKey(grpc::ServerContext* context, const v1::RegisterProvingKeyRequest* request,
                                  v1::RegisterProvingKeyResponse* response) override;
  grpc::Status ProveWitness(grpc::ServerContext* context, const v1::ProveWitnessRequest* request,
                            v1::ProveWitnessResponse* response) override;

 private:
  // The caller's rollup (empty on an open server), or UNAUTHENTICATED.
  grpc::Status authenticate(grpc::ServerContext* context, std::string& rollup_id) const;
  grpc::Status slot_aggregate(std::uint64_t slot, v1::SlotAggregate* out) const;
  // INVALID_ARGUMENT for slot numbers the clock cannot turn into times.
  grpc::Status check_slot(std::uint64_t slot) const;
  // The job, if `rollup` may read it (with tokens, only its own); kNotFound otherwise.
  Result<store::JobRecord> readable_job(const std::string& id, const std::string& rollup) const;

  ServiceDeps d_;
};

}  // namespace proofagg::service

#include "service/server/grpc_service.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

#include "aggregator/sha256/sha256.hpp"
#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "kernels/core/hex.hpp"
#include "service/common/files.hpp"
#include "service/server/grpc_status.hpp"

namespace proofagg::service {
namespace {

using grpc::StatusCode;
namespace calldata = groth16::evm_calldata;

constexpr auto kWatchPoll = std::chrono::milliseconds(1000);

grpc::Status error(StatusCode code, const std::string& message) { return {code, message}; }

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
std::string string_of(std::span<const std::uint8_t> b) { return {b.begin(), b.end()}; }

// JSON fields are bytes on the wire so that a binary file sent as JSON reaches us
// and gets a reason, instead of failing gRPC's own UTF-8 check without one.
Status check_json_text(const std::string& text, std::string_view what) {
  if (is_utf8(text)) return {};
  return make_error(std::string(what) + ": not UTF-8 text (a binary file sent as JSON?)");
}

Result<groth16::Proof> decode_proof(const v1::Proof& proof) {
  switch (proof.encoding_case()) {
    case v1::Proof::kEvmCalldata: {
      auto p = calldata::decode_proof(bytes_of(proof.evm_calldata()));
      if (!p) return p.failure().prefixed("proof (EVM calldata): ");
      return p;
    }
    case v1::Proof::kSnarkjsJson: {
      if (Status s = check_json_text(proof.snarkjs_json(), "proof (snarkjs JSON)"); !s) return s.failure();
      auto p = groth16::snarkjs::parse_proof(proof.snarkjs_json());
      if (!p) return p.failure().prefixed("proof (snarkjs JSON): ");
      return p;
    }
    default: return make_error("proof: no encoding set (evm_calldata or snarkjs_json)");
  }
}

// `expected` is the key's count: a longer array is refused before it is parsed.
Result<std::vector<ff::Fr>> decode_public_signals(const v1::PublicSignals& signals, std::size_t expected) {
  switch (signals.encoding_case()) {
    case v1::PublicSignals::kEvmCalldata: {
      auto s = calldata::decode_public_inputs(bytes_of(signals.evm_calldata()));
      if (!s) return s.failure().prefixed("public signals (EVM calldata): ");
      return s;
    }
    case v1::PublicSignals::kSnarkjsJson: {
      if (Status s = check_json_text(signals.snarkjs_json(), "public signals (snarkjs JSON)"); !s) return s.failure();
      auto s = groth16::snarkjs::parse_public_signals(signals.snarkjs_json(), expected);
      if (!s) return s.failure().prefixed("public signals (snarkjs JSON): ");
      return s;
    }
    default: return make_error("public signals: no encoding set (evm_calldata or snarkjs_json)");
  }
}

// A job is a statement, (vk_hash, public signals), in its target slot: anyone can
// re-randomise a Groth16 proof, so the proof's bytes must not make a second job (a
// second leaf) out of the same statement. The signals' canonical encoding makes JSON
// and calldata submissions of one statement the same job.
std::string job_id(std::span<const std::uint8_t> vk_hash, std::span<const std::uint8_t> inputs, std::uint64_t slot) {
  std::array<std::uint8_t, 8> slot_bytes{};
  for (std::size_t i = 0; i < 8; ++i) slot_bytes[i] = static_cast<std::uint8_t>(slot >> (56 - 8 * i));
  const Sha256Digest d =
      Sha256().update("proofagg.job.v2").update(vk_hash).update(inputs).update(slot_bytes).finish();
  return hex_encode(std::span(d).first(16));
}

constexpr std::size_t kJobIdLength = 32;

// Job ids are what job_id() makes: anything else cannot name a job.
Status check_job_id(std::string_view id) {
  if (id.size() == kJobIdLength && id.find_first_not_of("0123456789abcdef") == std::string_view::npos) return {};
  return make_error("job_id \"" + bounded(id, 40) + "\" is not a job id (32 lowercase hex digits)");
}

v1::JobState to_proto(store::JobState s) {
  switch (s) {
    case store::JobState::kQueued: return v1::JOB_STATE_QUEUED;
    case store::JobState::kVerified: return v1::JOB_STATE_VERIFIED;
    case store::JobState::kAggregating: return v1::JOB_STATE_AGGREGATING;
    case store::JobState::kIncluded: return v1::JOB_STATE_INCLUDED;
    case store::JobState::kFailed: return v1::JOB_STATE_FAILED;
  }
  return v1::JOB_STATE_UNSPECIFIED;
}

void set_time(std::int64_t unix_ms, google::protobuf::Timestamp* out) {
  out->set_seconds(unix_ms / 1000);
  out->set_nanos(static_cast<std::int32_t>(unix_ms % 1000) * 1000000);
}

void to_proto(const store::JobRecord& job, v1::Job* out) {
  out->Clear();
  out->set_job_id(job.id);
  out->set_state(to_proto(job.state));
  out->set_rollup_id(job.rollup_id);
  out->set_vk_hash(string_of(job.vk_hash));
  out->set_slot(job.slot);
  set_time(job.submitted_at_ms, out->mutable_submitted_at());
  out->set_failure_reason(job.failure_reason);
  if (job.inclusion) {
    v1::Inclusion* inclusion = out->mutable_inclusion();
    inclusion->set_aggregate_id(job.inclusion->aggregate_id);
    inclusion->set_leaf_index(job.inclusion->leaf_index);
    for (std::size_t i = 0; i + 32 <= job.inclusion->siblings.size(); i += 32) {
      inclusion->add_siblings(string_of(std::span(job.inclusion->siblings).subspan(i, 32)));
    }
    inclusion->set_root(string_of(job.inclusion->root));
  }
}

void to_proto(const store::SlotAggregateRecord& a, v1::SlotAggregate* out) {
  out->Clear();
  out->set_slot(a.slot);
  switch (a.state) {
    case store::AggregateState::kProven: out->set_state(v1::AGGREGATE_STATE_PROVEN); break;
    case store::AggregateState::kVerifiedOnly: out->set_state(v1::AGGREGATE_STATE_VERIFIED_ONLY); break;
    case store::AggregateState::kEmpty: out->set_state(v1::AGGREGATE_STATE_EMPTY); break;
    case store::AggregateState::kProving: out->set_state(v1::AGGREGATE_STATE_PROVING); break;
  }
  out->set_aggregate_id(a.aggregate_id);
  if (!a.aggregate_proof.empty()) out->mutable_aggregate_proof()->set_evm_calldata(string_of(a.aggregate_proof));
  if (!a.aggregate_public_inputs.empty()) {
    out->mutable_aggregate_public_signals()->set_evm_calldata(string_of(a.aggregate_public_inputs));
  }
  out->set_root(string_of(a.root));
  out->set_count(a.job_ids.size());
  for (const std::string& id : a.job_ids) out->add_job_ids(id);
  out->set_note(a.note);
  out->set_wrapper_vk_hash(string_of(a.wrapper_vk_hash));
  set_time(a.closed_at_ms, out->mutable_closed_at());
  if (a.proven_at_ms != 0) set_time(a.proven_at_ms, out->mutable_proven_at());
}

bool terminal(store::JobState s) { return s == store::JobState::kIncluded || s == store::JobState::kFailed; }

}  // namespace

grpc::Status ProofAggregatorService::authenticate(grpc::ServerContext* context, std::string& rollup_id) const {
  rollup_id.clear();
  if (!d_.auth.enabled()) return grpc::Status::OK;
  const auto& metadata = context->client_metadata();
  const auto it = metadata.find("authorization");
  const std::string_view value = it == metadata.end() ? std::string_view{}
                                                      : std::string_view(it->second.data(), it->second.size());
  auto rollup = d_.auth.authenticate(value);
  if (!rollup) return to_grpc(rollup.failure());
  rollup_id = std::move(*rollup);
  return grpc::Status::OK;
}

grpc::Status ProofAggregatorService::RegisterVerifyingKey(grpc::ServerContext* context,
                                                          const v1::RegisterVerifyingKeyRequest* request,
                                                          v1::RegisterVerifyingKeyResponse* response) {
  std::string rollup;
  if (auto s = authenticate(context, rollup); !s.ok()) return s;
  Result<groth16::VerifyingKey> vk = make_error("no key given (snarkjs_json or zkey)");
  if (request->has_snarkjs_json()) {
    if (Status s = check_json_text(request->snarkjs_json(), "snarkjs JSON"); !s) {
      vk = s.failure();
    } else {
      vk = groth16::snarkjs::parse_verifying_key(request->snarkjs_json());
    }
  } else if (request->has_zkey()) {
    auto pk = groth16::read_zkey(bytes_of(request->zkey()));
    vk = pk ? Result<groth16::VerifyingKey>(pk->verifying_key()) : Result<groth16::VerifyingKey>(pk.failure());
  }
  if (!vk) return to_grpc(vk.failure(), "verifying key: ");
  std::optional<std::vector<std::string>> submitters;
  if (request->has_submitters()) {
    if (!d_.auth.enabled()) {
      return error(StatusCode::FAILED_PRECONDITION,
                   "submitters apply to servers with tokens; this server is open to every rollup");
    }
    submitters.emplace(request->submitters().rollup_ids().begin(), request->submitters().rollup_ids().end());
  }
  auto hash = d_.keys.register_key(*vk, rollup, submitters);
  if (!hash) return to_grpc(hash.failure(), "verifying key: ");
  response->set_vk_hash(string_of(*hash));
  spdlog::info("registered verifying key {} ({} public inputs{})", hex_encode(*hash), vk->public_inputs(),
               rollup.empty() ? "" : ", by rollup " + rollup);
  return grpc::Status::OK;
}

grpc::Status ProofAggregatorService::GetVerifyingKey(grpc::ServerContext* context,
                                                     const v1::GetVerifyingKeyRequest* request,
                                                     v1::VerifyingKey* response) {
  std::string rollup;
  if (auto s = authenticate(context, rollup); !s.ok()) return s;
  if (request->vk_hash().size() != 32) {
    return error(StatusCode::INVALID_ARGUMENT, "vk_hash must be 32 bytes, got " + std::to_string(request->vk_hash().size()));
  }
  const auto record = d_.store.get_verifying_key(bytes_of(request->vk_hash()));
  if (!record) return to_grpc(record.failure());
  if (!*record) return error(StatusCode::NOT_FOUND, "unknown verifying key " + hex_encode(bytes_of(request->vk_hash())));
  response->set_vk_hash(request->vk_hash());
  response->set_snarkjs_json((*record)->snarkjs_json);
  response->set_public_inputs((*record)->public_inputs);
  response->set_owner_rollup_id((*record)->owner);
  for (const std::string& submitter : (*record)->submitters) response->add_submitters(submitter);
  return grpc::Status::OK;
}

grpc::Status ProofAggregatorService::SubmitProof(grpc::ServerContext* context, const v1::SubmitProofRequest* request,
                                                 v1::SubmitProofResponse* response) {
  const auto started = std::chrono::steady_clock::now();
  const auto reject = [&](std::string_view reason, StatusCode code, const std::string& message) {
    d_.metrics.count_submission("rejected", reason);
    return error(code, message);
  };

  std::string rollup;
  if (auto s = authenticate(context, rollup); !s.ok()) return reject("unauthenticated", s.error_code(), s.error_message());
  if (rollup.empty()) {
    rollup = request->rollup_id();
    if (rollup.empty()) return reject("malformed", StatusCode::INVALID_ARGUMENT, "rollup_id is required");
    if (rollup.size() > kMaxRollupIdLength) {
      return reject("malformed", StatusCode::INVALID_ARGUMENT,
                    "rollup_id is longer than " + std::to_string(kMaxRollupIdLength) + " bytes");
    }
  } else if (!request->rollup_id().empty() && request->rollup_id() != rollup) {
    return reject("permission_denied", StatusCode::PERMISSION_DENIED,
                  "the token belongs to rollup " + rollup + ", not " + request->rollup_id());
  }
  if (!d_.auth.admit(rollup, Authenticator::Clock::now())) {
    return reject("rate_limited", StatusCode::RESOURCE_EXHAUSTED, "rate limit reached for rollup " + rollup);
  }

  const auto vk_hash = bytes_of(request->vk_hash());
  if (vk_hash.size() != 32) {
    return reject("malformed", StatusCode::INVALID_ARGUMENT,
                  "vk_hash must be 32 bytes, got " + std::to_string(vk_hash.size()));
  }
  auto key = d_.keys.find(vk_hash);
  if (!key) {
    const bool unknown = key.error_kind() == ErrorKind::kNotFound;
    d_.metrics.count_submission("rejected", unknown ? "unknown_key" : "store_unavailable");
    return to_grpc(key.failure());
  }
  if (d_.auth.enabled() && !key->policy.admits(rollup)) {
    return reject("permission_denied", StatusCode::PERMISSION_DENIED,
                  "rollup " + rollup + " may not submit proofs against verifying key " + hex_encode(vk_hash) +
                      " (its owner, rollup " + key->policy.owner + ", has not named it a submitter)");
  }
  const std::size_t expected_inputs = key->prepared->key().public_inputs();
  auto proof = decode_proof(request->proof());
  if (!proof) return reject("malformed_proof", StatusCode::INVALID_ARGUMENT, proof.error());
  auto inputs = decode_public_signals(request->public_signals(), expected_inputs);
  if (!inputs) return reject("malformed_public_signals", StatusCode::INVALID_ARGUMENT, inputs.error());
  if (inputs->size() != expected_inputs) {
    return reject("wrong_input_count", StatusCode::INVALID_ARGUMENT,
                  "the key expects " + std::to_string(expected_inputs) + " public signals, got " +
                      std::to_string(inputs->size()));
  }

  store::JobRecord job;
  const auto now = SlotClock::Clock::now();
  job.slot = d_.clock.open_slot(now);
  if (request->has_target_slot()) {
    if (request->target_slot() > job.slot + d_.options.max_target_slot_ahead) {
      return reject("malformed", StatusCode::INVALID_ARGUMENT,
                    "target_slot " + std::to_string(request->target_slot()) + " is more than " +
                        std::to_string(d_.options.max_target_slot_ahead) + " slots ahead of the open slot " +
                        std::to_string(job.slot));
    }
    job.slot = std::max(job.slot, request->target_slot());  // a slot already closed rolls to the open one
  }
  job.vk_hash.assign(vk_hash.begin(), vk_hash.end());
  const auto proof_bytes = calldata::encode_proof(*proof);
  job.proof.assign(proof_bytes.begin(), proof_bytes.end());
  job.public_inputs = calldata::encode_public_inputs(*inputs);
  job.id = job_id(job.vk_hash, job.public_inputs, job.slot);
  job.rollup_id = rollup;
  job.submitted_at_ms = unix_ms(now);

  // The statement is already a job: the same rollup learns it again (submission is
  // idempotent, whatever the proof's bytes); another rollup cannot take it over.
  const auto answer_existing = [&](const store::JobRecord& existing) {
    if (existing.rollup_id != rollup) {
      return reject("duplicate_statement", StatusCode::ALREADY_EXISTS,
                    "this statement (verifying key and public signals) is already submitted for slot " +
                        std::to_string(existing.slot) + " by another rollup");
    }
    d_.metrics.count_submission("duplicate", "ok");
    response->set_job_id(existing.id);
    response->set_slot(existing.slot);
    return grpc::Status::OK;
  };
  const auto existing = d_.store.get_job(job.id);
  if (!existing) {
    d_.metrics.count_submission("rejected", "store_unavailable");
    return to_grpc(existing.failure());
  }
  if (*existing) return answer_existing(**existing);

  if (d_.pending_jobs.load() >= d_.options.max_pending_jobs) {
    return reject("queue_full", StatusCode::RESOURCE_EXHAUSTED, "too many proofs are waiting for aggregation");
  }
  if (context->IsCancelled()) return reject("cancelled", StatusCode::CANCELLED, "the call was cancelled");

  auto pending = d_.intake.enqueue({std::move(job), key->prepared, *proof, std::move(*inputs)});
  if (!pending) return reject("queue_full", StatusCode::RESOURCE_EXHAUSTED, "the verification queue is full");
  const auto deadline = context->deadline();
  if (deadline < std::chrono::system_clock::now() + std::chrono::hours(1) &&
      pending->wait_until(deadline) != std::future_status::ready) {
    // The proof is still verified and, if valid, stored: resubmitting finds the job.
    return reject("deadline_exceeded", StatusCode::DEADLINE_EXCEEDED,
                  "the deadline passed during verification; resubmit to learn the job (submission is idempotent)");
  }
  const IntakeOutcome outcome = pending->get();
  switch (outcome.kind) {
    case IntakeOutcome::Kind::kInvalid: return reject("invalid_proof", StatusCode::INVALID_ARGUMENT, outcome.reason);
    case IntakeOutcome::Kind::kUnavailable:
      return reject("store_unavailable", StatusCode::UNAVAILABLE, outcome.reason);
    case IntakeOutcome::Kind::kAccepted: break;
  }
  // Counted on the store's answer: of equal statements arriving together, one is
  // accepted and the others are duplicates.
  if (!outcome.created) return answer_existing(outcome.job);
  ++d_.pending_jobs;
  d_.metrics.count_submission("accepted", "ok");
  d_.metrics.intake_latency.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  response->set_job_id(outcome.job.id);
  response->set_slot(outcome.job.slot);
  return grpc::Status::OK;
}

Result<store::JobRecord> ProofAggregatorService::readable_job(const std::string& id, const std::string& rollup) const {
  if (Status s = check_job_id(id); !s) return s.failure();
  auto job = d_.store.get_job(id);
  if (!job) return job.failure();
  // With tokens a rollup sees its own jobs only; others' look like no job at all.
  if (!*job || (d_.auth.enabled() && (*job)->rollup_id != rollup)) {
    return make_error("no job " + id, ErrorKind::kNotFound);
  }
  return std::move(**job);
}

grpc::Status ProofAggregatorService::GetJob(grpc::ServerContext* context, const v1::GetJobRequest* request,
                                            v1::Job* response) {
  std::string rollup;
  if (auto s = authenticate(context, rollup); !s.ok()) return s;
  const auto job = readable_job(request->job_id(), rollup);
  if (!job) return to_grpc(job.failure());
  to_proto(*job, response);
  return grpc::Status::OK;
}

grpc::Status ProofAggregatorService::WatchJob(grpc::ServerContext* context, const v1::GetJobRequest* request,
                                              grpc::ServerWriter<v1::Job>* writer) {
  std::string rollup;
  if (auto s = authenticate(context, rollup); !s.ok()) return s;
  std::optional<store::JobRecord> sent;
  for (std::uint64_t version = d_.feed.version();; version = d_.feed.wait(version, kWatchPoll)) {
    if (context->IsCancelled()) return error(StatusCode::CANCELLED, "the watch was cancelled");
    if (d_.stopping) return error(StatusCode::UNAVAILABLE, "the server is shutting down");
    const auto job = readable_job(request->job_id(), rollup);
    if (!job) return to_grpc(job.failure());
    if (sent != *job) {
      v1::Job message;
      to_proto(*job, &message);
      if (!writer->Write(message)) return error(StatusCode::CANCELLED, "the client went away");
      sent = *job;
    }
    if (terminal(sent->state)) return grpc::Status::OK;
  }
}

grpc::Status ProofAggregatorService::check_slot(std::uint64_t slot) const {
  if (slot <= d_.clock.max_slot()) return grpc::Status::OK;
  return error(StatusCode::INVALID_ARGUMENT, "slot " + std::to_string(slot) + " is beyond the slot clock's range (at most " +
                                                 std::to_string(d_.clock.max_slot()) + ")");
}

grpc::Status ProofAggregatorService::slot_aggregate(std::uint64_t slot, v1::SlotAggregate* out) const {
  if (auto s = check_slot(slot); !s.ok()) return s;
  const auto aggregate = d_.store.get_aggregate(slot);
  if (!aggregate) return to_grpc(aggregate.failure());
  if (*aggregate) {
    to_proto(**aggregate, out);
    return grpc::Status::OK;
  }
  const auto now = SlotClock::Clock::now();
  if (now < d_.clock.slot_end(slot)) {
    out->Clear();
    out->set_slot(slot);
    out->set_state(v1::AGGREGATE_STATE_OPEN);
    out->set_note(now < d_.clock.cutoff_time(slot) ? "the slot is taking proofs" : "the slot is being aggregated");
    return grpc::Status::OK;
  }
  return error(StatusCode::NOT_FOUND, "no result for slot " + std::to_string(slot) +
                                          " (the server was not closing slots then, or it is closing it now)");
}

grpc::Status ProofAggregatorService::GetSlotAggregate(grpc::ServerContext* context,
                                                      const v1::GetSlotAggregateRequest* request,
                                                      v1::SlotAggregate* response) {
  std::string rollup;
  if (auto s = authenticate(context, rollup); !s.ok()) return s;
  return slot_aggregate(request->slot(), response);
}

grpc::Status ProofAggregatorService::WatchAggregates(grpc::ServerContext* context,
                                                     const v1::WatchAggregatesRequest* request,
                                                     grpc::ServerWriter<v1::SlotAggregate>* writer) {
  std::string rollup;
  if (auto s = authenticate(context, rollup); !s.ok()) return s;
  std::uint64_t slot = request->from_slot();
  if (auto s = check_slot(slot); !s.ok()) return s;
  std::set<std::uint64_t> proving;  // sent while PROVING: sent again once final
  for (std::uint64_t version = d_.feed.version();; version = d_.feed.wait(version, kWatchPoll)) {
    for (auto it = proving.begin(); it != proving.end();) {
      const auto aggregate = d_.store.get_aggregate(*it);
      if (!aggregate) return to_grpc(aggregate.failure());
      if (*aggregate && (*aggregate)->state == store::AggregateState::kProving) {
        ++it;
        continue;
      }
      v1::SlotAggregate message;
      if (*aggregate) to_proto(**aggregate, &message);
      if (*aggregate && !writer->Write(message)) return error(StatusCode::CANCELLED, "the client went away");
      it = proving.erase(it);
    }
    for (;;) {
      if (context->IsCancelled()) return error(StatusCode::CANCELLED, "the watch was cancelled");
      if (d_.stopping) return error(StatusCode::UNAVAILABLE, "the server is shutting down");
      const auto aggregate = d_.store.get_aggregate(slot);
      if (!aggregate) return to_grpc(aggregate.failure());
      if (!*aggregate) {
        // Slots skipped while no server ran have no result: move past them.
        const auto last = d_.store.last_aggregated_slot();
        if (!last) return to_grpc(last.failure());
        if (!last->has_value() || **last < slot) break;
        ++slot;
        continue;
      }
      v1::SlotAggregate message;
      to_proto(**aggregate, &message);
      if (!writer->Write(message)) return error(StatusCode::CANCELLED, "the client went away");
      if ((*aggregate)->state == store::AggregateState::kProving) proving.insert(slot);
      ++slot;
    }
  }
}

grpc::Status ProofAggregatorService::RegisterProvingKey(grpc::ServerContext* context,
                                                        const v1::RegisterProvingKeyRequest* request,
                                                        v1::RegisterProvingKeyResponse* response) {
  std::string rollup;
  if (auto s = authenticate(context, rollup); !s.ok()) return s;
  auto added = d_.proving_keys.add(bytes_of(request->zkey()));
  if (!added) return to_grpc(added.failure(), "zkey: ");
  auto hash = d_.keys.register_key(added->verifying_key, rollup, std::nullopt);
  if (!hash) return to_grpc(hash.failure(), "zkey: ");
  response->set_zkey_id(string_of(added->zkey_id));
  response->set_vk_hash(string_of(*hash));
  spdlog::info("registered proving key {} (verifying key {})", hex_encode(added->zkey_id), hex_encode(*hash));
  return grpc::Status::OK;
}

grpc::Status ProofAggregatorService::ProveWitness(grpc::ServerContext* context, const v1::ProveWitnessRequest* request,
                                                  v1::ProveWitnessResponse* response) {
  std::string rollup;
  if (auto s = authenticate(context, rollup); !s.ok()) return s;
  const auto zkey_id = bytes_of(request->zkey_id());
  if (!d_.proving_keys.contains(zkey_id)) {
    return error(StatusCode::NOT_FOUND, "unknown proving key " + hex_encode(zkey_id.first(std::min<std::size_t>(zkey_id.size(), 32))));
  }
  const auto witness = groth16::read_wtns(bytes_of(request->wtns()));
  if (!witness) return to_grpc(witness.failure(), "witness: ");
  const auto started = std::chrono::steady_clock::now();
  const auto proved = d_.proving_keys.prove(zkey_id, *witness);
  if (!proved) return to_grpc(proved.failure());
  d_.metrics.prove.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  const auto proof = calldata::encode_proof(proved->proof);
  response->mutable_proof()->set_evm_calldata(string_of(proof));
  response->mutable_public_signals()->set_evm_calldata(string_of(calldata::encode_public_inputs(proved->public_signals)));
  return grpc::Status::OK;
}

}  // namespace proofagg::service

#include "service/server/proving_worker.hpp"

#include <spdlog/spdlog.h>

#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/recursion/node.hpp"

namespace proofagg::service {
namespace {

std::int64_t now_ms() { return unix_ms(SlotClock::Clock::now()); }

const char* stage_of(std::size_t level, const recursion::TreeShape& shape) {
  if (level == 0) return "leaf";
  return level <= shape.depth ? "node" : "wrapper";
}

constexpr std::string_view kProvenNote =
    "one plain Groth16 proof (the wrapper's) of the slot's statement: every proof was verified natively on intake "
    "and again inside the leaf circuits";

}  // namespace

bool ProvingWorker::withdrawn_or_lost(const Status& refused) {
  if (refused.failure().kind == ErrorKind::kFailedPrecondition) {
    // Our lease ran out and another worker took the task: its result stands.
    metrics_.task_leases_lost.Increment();
  } else if (refused.failure().kind != ErrorKind::kNotFound) {
    return false;
  }
  // kNotFound: an early leaf withdrawn with its slot's claim (the slot closes later, anew).
  spdlog::warn("{}", refused.error());
  return true;
}

ProvingWorker::ProvingWorker(store::JobStore& store, KeyRegistry& keys, const recursion::AggregationKeyFiles& key_files,
                             Backend backend, const SlotClock& clock, Metrics& metrics, ChangeFeed& feed,
                             Options options)
    : store_(store), keys_(keys), aggregator_(key_files, backend), clock_(clock), metrics_(metrics), feed_(feed),
      options_(std::move(options)) {}

ProvingWorker::~ProvingWorker() = default;

void ProvingWorker::start() {
  loop_.start([this] { run(); });
}

void ProvingWorker::run() {
  for (;;) {
    const auto took = run_once();
    if (!took) spdlog::error("proving worker: {}", took.error());
    // More may be ready after a task; otherwise wait a little before claiming again.
    if (loop_.wait_for(took && *took ? std::chrono::milliseconds(0) : options_.poll)) return;
  }
}

Result<bool> ProvingWorker::run_once() {
  const std::int64_t now = now_ms();
  auto claimed = store_.claim_task(options_.worker_id, now, now + options_.lease.count(), options_.max_attempts);
  if (!claimed) return claimed.failure();
  if (!*claimed) return false;
  const store::ClaimedTask& task = **claimed;
  const recursion::TreeShape& shape = aggregator_.shape();
  const char* stage = stage_of(task.task.level, shape);
  spdlog::info("task {} ({} of slot {}, attempt {}): proving", task.task.id, stage, task.task.slot, task.attempt);

  recursion::StageTimes times;
  const auto started = std::chrono::steady_clock::now();
  auto output = [&] {
    // The lease is renewed every third of it until the proof is done.
    BackgroundLoop lease;
    lease.start([&] {
      while (!lease.wait_for(options_.lease / 3)) {
        const auto renewed =
            store_.renew_task_lease(task.task.id, options_.worker_id, now_ms() + options_.lease.count());
        if (!renewed) spdlog::warn("task {}: renewing its lease: {}", task.task.id, renewed.error());
        else if (!*renewed) spdlog::warn("task {}: its lease was taken over by another worker", task.task.id);
      }
    });
    return prove(task, times);
  }();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (!output && output.failure().kind == ErrorKind::kUnavailable) {
    // The store (or the device) failed, not the task: its lease runs out and it is
    // claimed again, here or elsewhere.
    return output.failure().prefixed("task " + task.task.id + " left to be retried: ");
  }
  if (!output) {
    spdlog::error("task {}: {}; slot {} stays verified_only", task.task.id, output.error(), task.task.slot);
    if (Status s = store_.fail_task(task.task.id, options_.worker_id, output.error()); !s) {
      return withdrawn_or_lost(s) ? true : Result<bool>(s.failure());
    }
    metrics_.slot_proofs_failed.Increment();
    feed_.publish();
    return true;
  }
  const bool root = task.task.parent_id.empty();
  const Status completed = store_.complete_task(
      {task.task.id, options_.worker_id, std::move(*output), now_ms(), root ? std::string(kProvenNote) : std::string()});
  if (!completed) return withdrawn_or_lost(completed) ? true : Result<bool>(completed.failure());
  metrics_.aggregation_stage(stage).Observe(seconds);
  metrics_.aggregation_stage("witness").Observe(times.witness);
  spdlog::info("task {}: {} proven in {:.1f} s (witness {:.1f} s)", task.task.id, stage, seconds, times.witness);
  if (root) {
    const auto since_cutoff = std::chrono::system_clock::now() - clock_.cutoff_time(task.task.slot);
    metrics_.cutoff_to_proof.Observe(std::chrono::duration<double>(since_cutoff).count());
    metrics_.slots_proven.Increment();
    if (const auto aggregate = store_.get_aggregate(task.task.slot); aggregate && *aggregate) {
      metrics_.aggregate_proofs.Observe(static_cast<double>((*aggregate)->job_ids.size()));
    }
    spdlog::info("slot {}: aggregate proof ready, {:.1f} s after the cut-off", task.task.slot,
                 std::chrono::duration<double>(since_cutoff).count());
    feed_.publish();
  }
  return true;
}

Result<std::vector<std::uint8_t>> ProvingWorker::prove(const store::ClaimedTask& claimed, recursion::StageTimes& times) {
  const recursion::TreeShape& shape = aggregator_.shape();
  const std::size_t level = claimed.task.level;
  if (level == 0) return prove_leaf(claimed, times);
  std::vector<recursion::NodeChild> children;
  for (const auto& bytes : claimed.child_outputs) {
    auto child = recursion::decode_node_child(bytes);
    if (!child) return child.failure();
    children.push_back(std::move(*child));
  }
  if (level <= shape.depth) {
    auto node = aggregator_.prove_node(level, children, &times);
    if (!node) return node.failure();
    return recursion::encode_node_child(*node);
  }
  if (children.size() != 1) return make_error("the wrapper takes one proof, not " + std::to_string(children.size()));
  // The wrapper states exactly what the slot result promised at its close.
  const auto aggregate = store_.get_aggregate(claimed.task.slot);
  if (!aggregate) return aggregate.failure();
  if (!*aggregate || (*aggregate)->aggregate_public_inputs != children[0].statement.slot_statement().evm_words()) {
    return make_error("the top node's statement is not the slot commitment recorded at its close", ErrorKind::kInternal);
  }
  auto proof = aggregator_.prove_wrapper(children[0], &times);
  if (!proof) return proof.failure();
  const auto calldata = groth16::evm_calldata::encode_proof(*proof);
  return std::vector<std::uint8_t>(calldata.begin(), calldata.end());
}

Result<std::vector<std::uint8_t>> ProvingWorker::prove_leaf(const store::ClaimedTask& claimed,
                                                            recursion::StageTimes& times) {
  std::vector<std::shared_ptr<const groth16::PreparedVerifyingKey>> held;  // outlive the inputs
  std::vector<recursion::LeafInput> inputs;
  for (const std::string& id : claimed.task.job_ids) {
    const auto job = store_.get_job(id);
    if (!job) return job.failure();
    if (!*job) return make_error("no job " + id);
    const auto key = keys_.find((*job)->vk_hash);
    if (!key) return key.failure().prefixed("job " + id + ": ");
    auto proof = groth16::evm_calldata::decode_proof((*job)->proof);
    auto public_inputs = groth16::evm_calldata::decode_public_inputs((*job)->public_inputs);
    if (!proof || !public_inputs) return make_error("job " + id + " has an unreadable stored proof");
    held.push_back(key->prepared);
    inputs.push_back({&held.back()->key(), *proof, std::move(*public_inputs)});
  }
  auto leaf = aggregator_.prove_leaf(claimed.task.slot, inputs, &times);
  if (!leaf) return leaf.failure();
  return recursion::encode_node_child(*leaf);
}

}  // namespace proofagg::service

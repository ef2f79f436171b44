#include "service/server/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "aggregator/groth16/evm_calldata.hpp"
#include "aggregator/recursion/slot_commitment.hpp"
#include "kernels/core/hex.hpp"

namespace proofagg::service {
namespace {

// Slots missed while the process was down are not replayed one by one: their
// proofs join the first slot closed after the restart.
constexpr std::uint64_t kMaxCatchUpSlots = 2;
// A claim's lease: this many slot lengths, at least kMinLease.
constexpr int kLeaseSlots = 5;
constexpr auto kMinLease = std::chrono::seconds(5);
// How often an open slot is looked at for a leaf's worth of new proofs.
constexpr auto kEarlyLeafPoll = std::chrono::milliseconds(250);

std::string task_id(std::uint64_t slot, std::size_t level, std::size_t position) {
  return "slot-" + std::to_string(slot) + "/" + std::to_string(level) + "/" + std::to_string(position);
}

// The plan's jobs as the store's tasks; a leaf's job ids are those of its proofs.
// The tree has every level whatever the slot's size, so a task's id and parent are
// the same in the plan of any size that has it (an early leaf's are final).
std::vector<store::ProvingTask> proving_tasks(std::uint64_t slot, std::span<const recursion::AggregationJob> plan,
                                              std::span<const std::string> job_ids, std::size_t wrapper_level) {
  std::vector<store::ProvingTask> tasks;
  for (const recursion::AggregationJob& job : plan) {
    store::ProvingTask& t = tasks.emplace_back();
    t.id = task_id(slot, job.level, job.position);
    t.slot = slot;
    t.level = static_cast<std::uint32_t>(job.level);
    t.position = job.position;
    if (job.level < wrapper_level) t.parent_id = task_id(slot, job.level + 1, job.position / 2);
    const auto proofs = job_ids.subspan(job.first_proof, job.proofs);
    t.job_ids.assign(proofs.begin(), proofs.end());
  }
  return tasks;
}

}  // namespace

SlotScheduler::SlotScheduler(store::JobStore& store, const SlotClock& clock, Metrics& metrics, ChangeFeed& feed,
                             std::atomic<std::int64_t>& pending_jobs, Options options)
    : store_(store), clock_(clock), metrics_(metrics), feed_(feed), pending_jobs_(pending_jobs),
      options_(std::move(options)) {}

SlotScheduler::~SlotScheduler() = default;

Status SlotScheduler::release_stale_claims() {
  // A close normally ends well within its slot; one still open after several slot
  // lengths belongs to a process that died mid-close (under another node id).
  const auto lease = std::max<SlotClock::Duration>(clock_.slot_length() * kLeaseSlots, kMinLease);
  const auto requeued = store_.release_stale_claims(unix_ms(SlotClock::Clock::now() - lease));
  if (!requeued) return requeued.failure();
  if (*requeued > 0) spdlog::warn("released {} jobs of a slot close that never finished", *requeued);
  return {};
}

Status SlotScheduler::start() {
  const auto requeued = store_.recover_unfinished(options_.owner);
  if (!requeued) return requeued.failure();
  if (*requeued > 0) spdlog::warn("recovered {} jobs left aggregating by an earlier run", *requeued);
  if (Status s = release_stale_claims(); !s) return s;
  const auto last = store_.last_aggregated_slot();
  if (!last) return last.failure();
  const std::uint64_t now_slot = clock_.slot_at(SlotClock::Clock::now());
  std::uint64_t first = now_slot;
  if (last->has_value()) {
    // Slots that ended while no process of this store ran are missed, not replayed.
    const std::uint64_t resume = now_slot > 0 ? now_slot - 1 : 0;
    first = std::max(**last + 1, resume);
    if (first > **last + 1) metrics_.slot_deadline_misses.Increment(static_cast<double>(first - **last - 1));
  }
  loop_.start([this, first] { run(first); });
  return {};
}

std::size_t SlotScheduler::proofs_per_slot() const {
  return options_.aggregation == nullptr
             ? options_.max_proofs_per_slot
             : std::min(options_.max_proofs_per_slot, options_.aggregation->shape().max_proofs());
}

bool SlotScheduler::wait_for_cutoff(std::uint64_t slot) {
  const auto cutoff = clock_.cutoff_time(slot);
  if (options_.aggregation == nullptr) return loop_.wait_until(cutoff);
  while (SlotClock::Clock::now() < cutoff) {
    if (Status s = take_early_leaves(slot); !s) {
      spdlog::warn("slot {}: handing out leaves early: {}; its close proves the rest", slot, s.error());
      if (open_ && open_->slot == slot) open_->early_leaves = false;
    }
    if (loop_.wait_until(std::min(cutoff, SlotClock::Clock::now() + kEarlyLeafPoll))) {
      release_open_slot();
      return true;
    }
  }
  return false;
}

Status SlotScheduler::claim_open_slot(std::uint64_t slot) {
  if (open_ && open_->slot == slot) return {};
  const auto claimed = store_.claim_slot(slot, options_.owner);
  if (!claimed) return claimed.failure();
  open_ = OpenSlot{.slot = slot, .ours = *claimed};
  return {};
}

Status SlotScheduler::take_early_leaves(std::uint64_t slot) {
  if (Status s = claim_open_slot(slot); !s) return s;
  if (!open_->ours || !open_->early_leaves) return {};
  // Only whole leaves go early: the last, partial one waits for the cut-off.
  const std::size_t k = options_.aggregation->shape().leaf.capacity;
  const std::size_t whole = proofs_per_slot() / k * k;
  if (open_->jobs.size() < whole) {
    auto jobs = store_.claim_jobs(slot, whole - open_->jobs.size());
    if (!jobs) return jobs.failure();
    std::move(jobs->begin(), jobs->end(), std::back_inserter(open_->jobs));
  }
  while ((open_->leaves + 1) * k <= open_->jobs.size()) {
    const std::size_t position = open_->leaves;
    store::ProvingTask leaf{.id = task_id(slot, 0, position), .slot = slot, .level = 0, .position = position,
                            .parent_id = task_id(slot, 1, position / 2)};
    for (std::size_t i = position * k; i < (position + 1) * k; ++i) leaf.job_ids.push_back(open_->jobs[i].id);
    if (Status s = store_.add_early_leaf(leaf); !s) return s;
    ++open_->leaves;
    spdlog::info("slot {}: leaf {} handed out while the slot is open", slot, position);
  }
  return {};
}

void SlotScheduler::release_open_slot() {
  const bool ours = open_ && open_->ours;
  open_.reset();
  if (!ours) return;
  if (const auto released = store_.recover_unfinished(options_.owner); !released) {
    spdlog::error("releasing an open slot's claim: {}", released.error());
  }
}

void SlotScheduler::run(std::uint64_t next) {
  for (;;) {
    if (wait_for_cutoff(next)) return;
    const std::uint64_t current = clock_.slot_at(SlotClock::Clock::now());
    if (next + kMaxCatchUpSlots < current) {
      metrics_.slot_deadline_misses.Increment(static_cast<double>(current - 1 - next));
      spdlog::warn("skipping slots {}..{} (closed late); their proofs join slot {}", next, current - 2, current - 1);
      release_open_slot();
      next = current - 1;
    }
    if (Status s = release_stale_claims(); !s) spdlog::error("slot {}: {}", next, s.error());
    if (Status s = close_slot(next); !s) {
      // The store failed mid-close: release this owner's claim and its jobs, then
      // retry the same slot shortly rather than skip it.
      spdlog::error("slot {}: {}", next, s.error());
      open_.reset();
      if (const auto released = store_.recover_unfinished(options_.owner); !released) {
        spdlog::error("slot {}: releasing the claim: {}", next, released.error());
      }
      if (loop_.wait_for(std::chrono::seconds(1))) return;
      continue;
    }
    ++next;
  }
}

Status SlotScheduler::close_slot(std::uint64_t slot) {
  const auto started = std::chrono::steady_clock::now();
  if (Status s = claim_open_slot(slot); !s) return s;
  const bool ours = open_->ours;
  // The jobs claimed while the slot was open come first: their leaves are out.
  std::vector<store::JobRecord> jobs = std::move(open_->jobs);
  open_.reset();
  if (!ours) return {};  // another process closes it
  auto rest = store_.claim_jobs(slot, proofs_per_slot() - jobs.size());
  if (!rest) return rest.failure();
  std::move(rest->begin(), rest->end(), std::back_inserter(jobs));

  store::SlotAggregateRecord aggregate;
  aggregate.slot = slot;
  std::vector<store::JobInclusion> included;
  std::vector<store::ProvingTask> tasks;
  if (jobs.empty()) {
    aggregate.state = store::AggregateState::kEmpty;
    aggregate.note = "no proofs in this slot";
  } else {
    std::vector<recursion::IncludedProof> proofs;
    proofs.reserve(jobs.size());
    for (const store::JobRecord& job : jobs) {
      auto inputs = groth16::evm_calldata::decode_public_inputs(job.public_inputs);
      if (!inputs || job.vk_hash.size() != 32) return make_error("job " + job.id + " has unreadable stored inputs");
      recursion::IncludedProof& proof = proofs.emplace_back();
      std::copy(job.vk_hash.begin(), job.vk_hash.end(), proof.vk_hash.begin());
      proof.public_inputs = std::move(*inputs);
      aggregate.job_ids.push_back(job.id);
    }
    const auto commitment = recursion::SlotCommitment::build(slot, proofs);
    if (!commitment) return commitment.failure();
    const recursion::SlotStatement& statement = commitment->statement();
    aggregate.root.assign(statement.root.begin(), statement.root.end());
    aggregate.aggregate_id = "slot-" + std::to_string(slot) + "-" + hex_encode(std::span(statement.root).first(8));
    aggregate.aggregate_public_inputs = statement.evm_words();
    if (options_.aggregation != nullptr) {
      const auto plan = recursion::plan_aggregation(options_.aggregation->shape(), jobs.size());
      if (!plan) return plan.failure();
      tasks = proving_tasks(slot, *plan, aggregate.job_ids, options_.aggregation->shape().wrapper_level());
      aggregate.state = store::AggregateState::kProving;
      const auto& vk_hash = options_.aggregation->wrapper_vk_hash();
      aggregate.wrapper_vk_hash.assign(vk_hash.begin(), vk_hash.end());
      aggregate.note = "every proof was verified natively and is committed to in root; the aggregate proof is being "
                       "made (" + std::to_string(tasks.size()) + " proving tasks)";
    } else {
      aggregate.state = store::AggregateState::kVerifiedOnly;
      aggregate.note =
          "every proof was verified natively and is committed to in root; no aggregate proof is produced (this "
          "server has no aggregation keys: --aggregation-keys)";
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      store::Inclusion inclusion{aggregate.aggregate_id, i, {}, aggregate.root};
      for (const Sha256Digest& sibling : commitment->path(i)) {
        inclusion.siblings.insert(inclusion.siblings.end(), sibling.begin(), sibling.end());
      }
      included.push_back({jobs[i].id, std::move(inclusion)});
    }
  }
  aggregate.closed_at_ms = unix_ms(SlotClock::Clock::now());
  if (Status s = store_.record_aggregate(aggregate, included, tasks); !s) return s;

  pending_jobs_ -= static_cast<std::int64_t>(jobs.size());
  metrics_.proofs_included.Increment(static_cast<double>(jobs.size()));
  (jobs.empty() ? metrics_.slots_empty : metrics_.slots_aggregated).Increment();
  metrics_.aggregation_slot.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (SlotClock::Clock::now() > clock_.slot_end(slot)) metrics_.slot_deadline_misses.Increment();
  if (!jobs.empty()) spdlog::info("slot {}: {} proofs, root {}", slot, jobs.size(), hex_encode(aggregate.root));
  feed_.publish();
  return {};
}

}  // namespace proofagg::service

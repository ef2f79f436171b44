#include "service/server/intake.hpp"

#include <chrono>

namespace proofagg::service {

Intake::Intake(store::JobStore& store, Metrics& metrics, Options options)
    : store_(store), metrics_(metrics), options_(options), worker_([this] { run(); }) {}

Intake::~Intake() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
  for (Pending& p : queue_) {
    p.done.set_value({IntakeOutcome::Kind::kUnavailable, {}, "the server is shutting down"});
  }
}

std::optional<std::future<IntakeOutcome>> Intake::enqueue(Submission submission) {
  std::future<IntakeOutcome> result;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.max_queued) return std::nullopt;
    queue_.push_back({std::move(submission), {}});
    result = queue_.back().done.get_future();
    metrics_.queue_depth.Set(static_cast<double>(queue_.size()));
  }
  wake_.notify_one();
  return result;
}

std::size_t Intake::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void Intake::run() {
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      metrics_.queue_depth.Set(static_cast<double>(queue_.size()));
    }
    process(batch);
    batch.clear();
  }
}

void Intake::process(std::vector<Pending>& batch) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<groth16::BatchItem> items;
  items.reserve(batch.size());
  for (const Pending& p : batch) items.push_back({p.submission.key.get(), p.submission.proof, p.submission.inputs});
  const std::vector<bool> valid = groth16::verify_batch(items);

  std::vector<store::JobRecord> accepted;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!valid[i]) continue;
    store::JobRecord job = batch[i].submission.job;
    job.state = store::JobState::kVerified;
    accepted.push_back(std::move(job));
  }
  const auto stored = store_.submit(accepted);
  metrics_.verification_batch.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  metrics_.verification_batch_size.Observe(static_cast<double>(batch.size()));

  std::size_t next_stored = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    std::promise<IntakeOutcome>& done = batch[i].done;
    if (!valid[i]) {
      done.set_value({IntakeOutcome::Kind::kInvalid, {}, "the proof does not verify against the key"});
    } else if (!stored) {
      done.set_value({IntakeOutcome::Kind::kUnavailable, {}, stored.error()});
    } else {
      metrics_.proofs_verified.Increment();
      done.set_value({IntakeOutcome::Kind::kAccepted, (*stored)[next_stored++], {}});
    }
  }
}

}  // namespace proofagg::service

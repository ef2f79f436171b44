#include "service/server/intake.hpp"

namespace proofagg::service {

Intake::Intake(store::JobStore& store, Metrics& metrics, Options options)
    : store_(store), metrics_(metrics), options_(options), verifier_([this] { verify_loop(); }),
      persister_([this] { persist_loop(); }) {}

Intake::~Intake() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  verified_ready_.notify_all();
  verifier_.join();
  persister_.join();
  for (Pending& p : queue_) {
    p.done.set_value({IntakeOutcome::Kind::kUnavailable, {}, false, "the server is shutting down"});
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

void Intake::verify_loop() {
  for (;;) {
    Verified v;
    {
      std::unique_lock lock(mutex_);
      // Wait for work, and for the persister to have taken the previous batch: the
      // queue keeps growing meanwhile, so the next batch is larger, not later.
      wake_.wait(lock, [&] { return stopping_ || (!queue_.empty() && verified_.empty()); });
      if (stopping_) return;
      while (!queue_.empty() && v.batch.size() < options_.max_batch) {
        v.batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      metrics_.queue_depth.Set(static_cast<double>(queue_.size()));
    }
    v.started = std::chrono::steady_clock::now();
    std::vector<groth16::BatchItem> items;
    items.reserve(v.batch.size());
    for (const Pending& p : v.batch) items.push_back({p.submission.key.get(), p.submission.proof, p.submission.inputs});
    v.valid = groth16::verify_batch(items);
    {
      std::lock_guard lock(mutex_);
      verified_.push_back(std::move(v));
    }
    verified_ready_.notify_one();
  }
}

void Intake::persist_loop() {
  for (;;) {
    Verified v;
    {
      std::unique_lock lock(mutex_);
      verified_ready_.wait(lock, [&] { return stopping_ || !verified_.empty(); });
      if (verified_.empty()) return;  // stopping, nothing left to commit
      v = std::move(verified_.front());
      verified_.pop_front();
    }
    wake_.notify_one();
    persist(v);
  }
}

void Intake::persist(Verified& v) {
  std::vector<store::JobRecord> accepted;
  for (std::size_t i = 0; i < v.batch.size(); ++i) {
    if (!v.valid[i]) continue;
    store::JobRecord job = v.batch[i].submission.job;
    job.state = store::JobState::kVerified;
    accepted.push_back(std::move(job));
  }
  auto stored = store_.submit(accepted);
  metrics_.verification_batch.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - v.started).count());
  metrics_.verification_batch_size.Observe(static_cast<double>(v.batch.size()));

  std::size_t next_stored = 0;
  for (std::size_t i = 0; i < v.batch.size(); ++i) {
    std::promise<IntakeOutcome>& done = v.batch[i].done;
    if (!v.valid[i]) {
      done.set_value({IntakeOutcome::Kind::kInvalid, {}, false, "the proof does not verify against the key"});
    } else if (!stored) {
      done.set_value({IntakeOutcome::Kind::kUnavailable, {}, false, stored.error()});
    } else {
      store::SubmittedJob& answer = (*stored)[next_stored++];
      if (answer.created) metrics_.proofs_verified.Increment();  // counted once per stored job
      done.set_value({IntakeOutcome::Kind::kAccepted, std::move(answer.job), answer.created, {}});
    }
  }
}

}  // namespace proofagg::service

// Intake: proofs that decoded cleanly wait here to be verified and persisted.
// A verifier thread takes everything queued (up to a batch bound) at once and
// verifies it with one batch verification (bisection finds the bad ones); a
// persister thread commits each verified batch in one transaction while the next
// batch is verified, so the commit's fsync never idles the cores. Throughput grows
// with load while an idle server answers a lone proof at once. A full queue refuses
// new work instead of growing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "aggregator/groth16/verifier.hpp"
#include "service/server/metrics.hpp"
#include "service/store/job_store.hpp"

namespace proofagg::service {

struct Submission {
  store::JobRecord job;  // everything but the state, which intake sets
  std::shared_ptr<const groth16::PreparedVerifyingKey> key;
  groth16::Proof proof;
  std::vector<ff::Fr> inputs;
};

struct IntakeOutcome {
  enum class Kind { kAccepted, kInvalid, kUnavailable } kind;
  store::JobRecord job;  // as stored (kAccepted)
  bool created = false;  // kAccepted: this submission made the job (else an equal one did first)
  std::string reason;    // otherwise
};

class Intake {
 public:
  struct Options {
    std::size_t max_batch = 256;
    std::size_t max_queued = 4096;
  };
  Intake(store::JobStore& store, Metrics& metrics, Options options);
  ~Intake();
  Intake(const Intake&) = delete;
  Intake& operator=(const Intake&) = delete;

  // nullopt when the queue is full.
  std::optional<std::future<IntakeOutcome>> enqueue(Submission submission);

 private:
  struct Pending {
    Submission submission;
    std::promise<IntakeOutcome> done;
  };
  struct Verified {
    std::vector<Pending> batch;
    std::vector<bool> valid;
    std::chrono::steady_clock::time_point started;
  };
  void verify_loop();
  void persist_loop();
  void persist(Verified& verified);

  store::JobStore& store_;
  Metrics& metrics_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  std::condition_variable verified_ready_;
  std::deque<Verified> verified_;  // at most one batch waits: the verifier stays one ahead
  bool stopping_ = false;
  std::thread verifier_, persister_;
};

}  // namespace proofagg::service

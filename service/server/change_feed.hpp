// A version counter that watchers wait on: whoever changes a job or records a slot
// bumps it, and every stream re-reads the store. Waits are bounded, so streams also
// notice cancellation and changes made by other server processes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace proofagg::service {

class ChangeFeed {
 public:
  std::uint64_t version() const {
    std::lock_guard lock(mutex_);
    return version_;
  }
  void publish() {
    {
      std::lock_guard lock(mutex_);
      ++version_;
    }
    changed_.notify_all();
  }
  // The version after a change past `seen`, or the same one after `timeout`.
  std::uint64_t wait(std::uint64_t seen, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return version_ != seen; });
    return version_;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::uint64_t version_ = 0;
};

}  // namespace proofagg::service

// A thread for a service loop (the slot scheduler, a proving worker) and the waits
// between its rounds, which end as soon as the loop is told to stop.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace proofagg::service {

class BackgroundLoop {
 public:
  BackgroundLoop() = default;
  BackgroundLoop(const BackgroundLoop&) = delete;
  BackgroundLoop& operator=(const BackgroundLoop&) = delete;
  ~BackgroundLoop() { stop(); }

  // Runs `body` on the loop's thread; it returns once a wait says to stop.
  void start(std::function<void()> body) { thread_ = std::thread(std::move(body)); }
  // Ends the current and every later wait, then joins the thread. Safe to call twice.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  // Waits until `deadline`; true when the loop is to stop.
  template <class Clock, class Duration>
  bool wait_until(std::chrono::time_point<Clock, Duration> deadline) {
    std::unique_lock lock(mutex_);
    return wake_.wait_until(lock, deadline, [&] { return stopping_; });
  }
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> duration) {
    return wait_until(std::chrono::steady_clock::now() + duration);
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace proofagg::service

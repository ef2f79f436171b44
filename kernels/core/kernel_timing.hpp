// Run times of the NTT and MSM kernels, reported to one process-wide observer (the
// service exports them as Prometheus histograms). Without an observer a timer costs
// one atomic load.
#pragma once

#include <chrono>
#include <cstddef>

#include "kernels/core/backend.hpp"

namespace proofagg {

enum class KernelOp { kNtt, kMsmG1, kMsmG2 };

using KernelObserver = void (*)(KernelOp op, Backend backend, std::size_t size, double seconds);
// nullptr removes the observer.
void set_kernel_observer(KernelObserver observer);

// Times its scope and reports it to the observer, if any.
class KernelTimer {
 public:
  KernelTimer(KernelOp op, Backend backend, std::size_t size);
  ~KernelTimer();
  KernelTimer(const KernelTimer&) = delete;
  KernelTimer& operator=(const KernelTimer&) = delete;

 private:
  KernelOp op_;
  Backend backend_;
  std::size_t size_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace proofagg

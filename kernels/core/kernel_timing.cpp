#include "kernels/core/kernel_timing.hpp"

#include <atomic>

namespace proofagg {
namespace {

std::atomic<KernelObserver> observer{nullptr};

}  // namespace

void set_kernel_observer(KernelObserver o) { observer.store(o); }

KernelTimer::KernelTimer(KernelOp op, Backend backend, std::size_t size)
    : op_(op), backend_(backend), size_(size), started_(std::chrono::steady_clock::now()) {}

KernelTimer::~KernelTimer() {
  if (const KernelObserver o = observer.load()) {
    o(op_, backend_, size_, std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  }
}

}  // namespace proofagg

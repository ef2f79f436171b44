// Ethereum-style slot arithmetic: slot s spans [genesis + s L, genesis + (s+1) L).
// A slot stops taking proofs `cutoff` before it ends, so the aggregate can be built
// in time; a proof arriving after the cut-off rolls to the next slot.
#pragma once

#include <chrono>
#include <cstdint>

namespace proofagg::service {

class SlotClock {
 public:
  using Clock = std::chrono::system_clock;
  using Duration = std::chrono::milliseconds;

  SlotClock(Clock::time_point genesis, Duration slot_length, Duration cutoff)
      : genesis_(genesis), length_(slot_length), cutoff_(cutoff) {}

  Duration slot_length() const { return length_; }
  Clock::time_point genesis() const { return genesis_; }

  // The last slot whose end this clock can name without overflowing its time type;
  // larger slot numbers are refused at the API, not computed with.
  std::uint64_t max_slot() const {
    const auto room = Clock::time_point::max() - genesis_ - length_;
    return static_cast<std::uint64_t>(std::chrono::duration_cast<Duration>(room) / length_);
  }

  // The slot running at `t` (slot 0 before genesis).
  std::uint64_t slot_at(Clock::time_point t) const {
    if (t < genesis_) return 0;
    return static_cast<std::uint64_t>(std::chrono::duration_cast<Duration>(t - genesis_) / length_);
  }
  Clock::time_point slot_start(std::uint64_t slot) const { return genesis_ + length_ * static_cast<std::int64_t>(slot); }
  Clock::time_point slot_end(std::uint64_t slot) const { return slot_start(slot + 1); }
  // When the slot stops taking proofs and its aggregation starts.
  Clock::time_point cutoff_time(std::uint64_t slot) const { return slot_end(slot) - cutoff_; }

  // The earliest slot a proof arriving at `t` can still join.
  std::uint64_t open_slot(Clock::time_point t) const {
    const std::uint64_t current = slot_at(t);
    return t < cutoff_time(current) ? current : current + 1;
  }

 private:
  Clock::time_point genesis_;
  Duration length_;
  Duration cutoff_;
};

// Milliseconds since the Unix epoch: how the store records times.
inline std::int64_t unix_ms(SlotClock::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace proofagg::service

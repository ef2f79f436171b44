// Per-rollup API tokens (gRPC metadata "authorization: Bearer TOKEN") and per-rollup
// rate limits (token buckets). Without a tokens file the server is open: callers
// name their rollup themselves and no limit applies (the embedded demo default).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "kernels/core/result.hpp"

namespace proofagg::service {

// A rollup id is at most this long (in requests and in a key's submitters).
inline constexpr std::size_t kMaxRollupIdLength = 128;

struct RollupPolicy {
  std::string rollup_id;
  double rate_per_second = 100;  // sustained submissions
  double burst = 200;            // bucket size
};

class Authenticator {
 public:
  using Clock = std::chrono::steady_clock;

  // No tokens: authentication and rate limits are off.
  Authenticator() = default;
  // {"rollups": [{"rollup_id": "a", "token": "...", "rate_per_second": 100, "burst": 200}, ...]}
  static Result<Authenticator> from_json(std::string_view json);

  bool enabled() const { return !by_token_digest_.empty(); }
  std::size_t rollups() const { return by_token_digest_.size(); }

  // The rollup a metadata value "Bearer TOKEN" belongs to; an error saying why not.
  Result<std::string> authenticate(std::string_view authorization) const;
  // Takes one submission from the rollup's bucket; false when it is empty.
  bool admit(const std::string& rollup_id, Clock::time_point now);

  // Moves the configuration; each object keeps its own mutex.
  Authenticator(Authenticator&& other) noexcept { *this = std::move(other); }
  Authenticator& operator=(Authenticator&& other) noexcept {
    by_token_digest_ = std::move(other.by_token_digest_);
    buckets_ = std::move(other.buckets_);
    return *this;
  }

 private:
  struct Bucket {
    double rate = 0, burst = 0, tokens = 0;
    Clock::time_point refilled{};
  };
  // Keyed by SHA-256 of the token, so lookups do not compare secrets byte by byte.
  std::map<std::string, RollupPolicy> by_token_digest_;
  std::map<std::string, Bucket> buckets_;
  std::mutex mutex_;
};

}  // namespace proofagg::service

// Registered verifying keys: stored durably, kept prepared in memory (e(alpha, beta)
// and the G2 lines computed once), found by vk_hash, each with who may submit
// proofs against it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "aggregator/groth16/types.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "kernels/core/result.hpp"
#include "service/store/job_store.hpp"

namespace proofagg::service {

// Who may submit against a key when tokens are on: its owner (the rollup that
// registered it) and the rollups it names; "*" names every rollup, and a key
// registered on an open server (no owner) is open to every rollup.
struct KeyPolicy {
  static constexpr std::string_view kAnyRollup = "*";
  std::string owner;
  std::vector<std::string> submitters;

  bool admits(std::string_view rollup) const;
};

struct RegisteredKey {
  std::shared_ptr<const groth16::PreparedVerifyingKey> prepared;
  KeyPolicy policy;
};

class KeyRegistry {
 public:
  // How long a key's policy is trusted before the store is asked again (another
  // server sharing the store may have changed it).
  static constexpr auto kPolicyRefresh = std::chrono::seconds(5);

  explicit KeyRegistry(store::JobStore& store) : store_(store) {}

  // Prepares every key already in the store.
  Status load();
  // Refuses degenerate keys (groth16::check_verifying_key), stores the key
  // (idempotent: the first registration's owner stays) and returns its vk_hash.
  // `submitters`, when given by the key's owner, replaces who else may submit;
  // from anyone else it is refused (kPermissionDenied).
  Result<std::vector<std::uint8_t>> register_key(const groth16::VerifyingKey& vk, const std::string& owner,
                                                 const std::optional<std::vector<std::string>>& submitters);
  // kNotFound when no such key is registered (another server may have registered
  // it: the store is asked before giving up), kUnavailable when the store fails.
  Result<RegisteredKey> find(std::span<const std::uint8_t> vk_hash);

 private:
  struct Entry {
    RegisteredKey key;
    std::chrono::steady_clock::time_point checked;
  };
  RegisteredKey remember(const store::VerifyingKeyRecord& record, groth16::VerifyingKey vk);

  store::JobStore& store_;
  std::shared_mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace proofagg::service

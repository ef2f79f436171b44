// Registered verifying keys: stored durably, kept prepared in memory (e(alpha, beta)
// and the G2 lines computed once), found by vk_hash.
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "aggregator/groth16/types.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "kernels/core/result.hpp"
#include "service/store/job_store.hpp"

namespace proofagg::service {

class KeyRegistry {
 public:
  explicit KeyRegistry(store::JobStore& store) : store_(store) {}

  // Prepares every key already in the store.
  Status load();
  // Stores the key (idempotent) and returns its vk_hash.
  Result<std::vector<std::uint8_t>> register_key(const groth16::VerifyingKey& vk);
  // nullptr when no such key is registered (another server may have registered it:
  // the store is asked before giving up).
  std::shared_ptr<const groth16::PreparedVerifyingKey> find(std::span<const std::uint8_t> vk_hash);

 private:
  std::shared_ptr<const groth16::PreparedVerifyingKey> add(const std::string& hash, groth16::VerifyingKey vk);

  store::JobStore& store_;
  std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<const groth16::PreparedVerifyingKey>> prepared_;
};

}  // namespace proofagg::service

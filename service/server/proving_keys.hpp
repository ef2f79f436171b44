// Circuit proving keys registered once for ProveWitness: validated, kept loaded in
// memory, and saved under a directory (when given) so a restart finds them again.
// Proofs are made one at a time: each already uses every core (or the GPU).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "kernels/core/backend.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::service {

class ProvingKeys {
 public:
  // `directory` empty: keys live in memory only.
  ProvingKeys(std::string directory, Backend backend) : directory_(std::move(directory)), backend_(backend) {}

  // Loads every saved key.
  Status load();
  struct Registered {
    std::vector<std::uint8_t> zkey_id;  // SHA-256 of the file
    groth16::VerifyingKey verifying_key;
  };
  Result<Registered> add(std::span<const std::uint8_t> zkey);
  bool contains(std::span<const std::uint8_t> zkey_id) const;
  // An error when the key is unknown or the witness does not fit it.
  Result<groth16::ProofWithPublic> prove(std::span<const std::uint8_t> zkey_id, std::span<const ff::Fr> witness);

 private:
  std::string directory_;
  Backend backend_;
  mutable std::mutex mutex_;  // guards keys_
  std::mutex proving_;        // one proof at a time
  std::map<std::string, std::shared_ptr<const groth16::ProvingKey>> keys_;
};

}  // namespace proofagg::service

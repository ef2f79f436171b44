#include "service/server/proving_keys.hpp"

#include <filesystem>

#include "aggregator/sha256/sha256.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "kernels/core/hex.hpp"
#include "service/common/files.hpp"

namespace proofagg::service {
namespace {

std::string key_of(std::span<const std::uint8_t> id) { return {id.begin(), id.end()}; }

}  // namespace

Status ProvingKeys::load() {
  if (directory_.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) return make_error("proving keys: cannot create " + directory_ + ": " + ec.message());
  for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
    if (entry.path().extension() != ".zkey") continue;
    const auto bytes = read_binary_file(entry.path().string());
    if (!bytes) return make_error("proving keys: " + bytes.error());
    if (auto added = add(*bytes); !added) return make_error("proving keys: " + entry.path().string() + ": " + added.error());
  }
  return {};
}

Result<ProvingKeys::Registered> ProvingKeys::add(std::span<const std::uint8_t> zkey) {
  const Sha256Digest digest = Sha256::of(zkey);
  Registered registered{{digest.begin(), digest.end()}, {}};
  {
    std::lock_guard lock(mutex_);
    if (const auto it = keys_.find(key_of(digest)); it != keys_.end()) {
      registered.verifying_key = it->second->verifying_key();
      return registered;
    }
  }
  auto key = groth16::read_zkey(zkey);
  if (!key) return key.failure();
  // Rollups' proofs are plain Groth16 (snarkjs's format has no commitment).
  if (key->commitment) return make_error("the proving key has a commitment: only plain Groth16 keys are served");
  registered.verifying_key = key->verifying_key();
  // Refused before it is saved: a degenerate key would be refused on registration anyway.
  if (Status s = groth16::check_verifying_key(registered.verifying_key); !s) return s.failure();
  if (!directory_.empty()) {
    // Written under a temporary name and renamed, so a crash never leaves half a key.
    const auto path = std::filesystem::path(directory_) / (hex_encode(digest) + ".zkey");
    const auto partial = std::filesystem::path(path.string() + ".partial");
    if (Status written = write_file(partial.string(), zkey); !written) return written.failure().prefixed("proving keys: ");
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) return make_error("proving keys: cannot save " + path.string() + ": " + ec.message(), ErrorKind::kInternal);
  }
  std::lock_guard lock(mutex_);
  keys_.try_emplace(key_of(digest), std::make_shared<const groth16::ProvingKey>(std::move(*key)));
  return registered;
}

bool ProvingKeys::contains(std::span<const std::uint8_t> zkey_id) const {
  std::lock_guard lock(mutex_);
  return keys_.contains(key_of(zkey_id));
}

Result<groth16::ProofWithPublic> ProvingKeys::prove(std::span<const std::uint8_t> zkey_id,
                                                    std::span<const ff::Fr> witness) {
  std::shared_ptr<const groth16::ProvingKey> key;
  {
    std::lock_guard lock(mutex_);
    const auto it = keys_.find(key_of(zkey_id));
    if (it == keys_.end()) return make_error("unknown proving key " + hex_encode(zkey_id), ErrorKind::kNotFound);
    key = it->second;
  }
  std::lock_guard lock(proving_);
  return groth16::prove(*key, witness, backend_);
}

}  // namespace proofagg::service

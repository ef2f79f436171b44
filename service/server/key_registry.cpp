#include "service/server/key_registry.hpp"

#include <algorithm>
#include <mutex>

#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "kernels/core/hex.hpp"
#include "service/server/auth.hpp"

namespace proofagg::service {
namespace {

std::string key_of(std::span<const std::uint8_t> hash) { return {hash.begin(), hash.end()}; }

constexpr std::size_t kMaxSubmitters = 256;

Status check_submitters(std::span<const std::string> submitters) {
  if (submitters.size() > kMaxSubmitters) {
    return make_error("at most " + std::to_string(kMaxSubmitters) + " submitters per key");
  }
  for (const std::string& rollup : submitters) {
    if (rollup.empty() || rollup.size() > kMaxRollupIdLength || rollup.find('\n') != std::string::npos) {
      return make_error("a submitter must be a rollup id of 1 to " + std::to_string(kMaxRollupIdLength) +
                        " bytes without newlines, or \"*\"");
    }
  }
  return {};
}

}  // namespace

bool KeyPolicy::admits(std::string_view rollup) const {
  if (owner.empty() || owner == rollup) return true;
  return std::any_of(submitters.begin(), submitters.end(),
                     [&](const std::string& s) { return s == kAnyRollup || s == rollup; });
}

Status KeyRegistry::load() {
  auto records = store_.list_verifying_keys();
  if (!records) return records.failure();
  for (const auto& record : *records) {
    auto vk = groth16::snarkjs::parse_verifying_key(record.snarkjs_json);
    if (!vk) return make_error("stored verifying key is unreadable: " + vk.error(), ErrorKind::kInternal);
    remember(record, std::move(*vk));
  }
  return {};
}

Result<std::vector<std::uint8_t>> KeyRegistry::register_key(const groth16::VerifyingKey& vk, const std::string& owner,
                                                            const std::optional<std::vector<std::string>>& submitters) {
  if (Status s = groth16::check_verifying_key(vk); !s) return s.failure();
  if (submitters) {
    if (Status s = check_submitters(*submitters); !s) return s.failure();
  }
  const auto digest = commit::vk_hash(vk);
  std::vector<std::uint8_t> hash(digest.begin(), digest.end());
  auto stored = store_.put_verifying_key({hash, groth16::snarkjs::format_verifying_key(vk),
                                          static_cast<std::uint32_t>(vk.public_inputs()), owner,
                                          submitters.value_or(std::vector<std::string>{})});
  if (!stored) return stored.failure();
  if (submitters && stored->submitters != *submitters) {
    // The key was registered before (this call stored nothing): only its owner may
    // change who submits against it.
    if (stored->owner.empty() || stored->owner != owner) {
      return make_error("verifying key " + hex_encode(hash) + " was registered by another rollup" +
                            (stored->owner.empty() ? " on an open server" : "") +
                            "; only its owner may change its submitters",
                        ErrorKind::kPermissionDenied);
    }
    if (Status s = store_.set_key_submitters(hash, owner, *submitters); !s) return s.failure();
    stored->submitters = *submitters;
  }
  remember(*stored, vk);
  return hash;
}

Result<RegisteredKey> KeyRegistry::find(std::span<const std::uint8_t> vk_hash) {
  const auto now = std::chrono::steady_clock::now();
  std::shared_ptr<const groth16::PreparedVerifyingKey> prepared;
  {
    std::shared_lock lock(mutex_);
    if (const auto it = entries_.find(key_of(vk_hash)); it != entries_.end()) {
      if (now - it->second.checked < kPolicyRefresh) return it->second.key;
      prepared = it->second.key.prepared;
    }
  }
  const auto record = store_.get_verifying_key(vk_hash);
  if (!record) return record.failure();
  if (!*record) return make_error("unknown verifying key " + hex_encode(vk_hash), ErrorKind::kNotFound);
  if (prepared) {  // only the policy may have changed: the key is its hash's
    std::unique_lock lock(mutex_);
    Entry& entry = entries_[key_of(vk_hash)];
    entry.key.policy = {(*record)->owner, (*record)->submitters};
    entry.checked = now;
    return entry.key;
  }
  auto vk = groth16::snarkjs::parse_verifying_key((*record)->snarkjs_json);
  if (!vk) return make_error("stored verifying key is unreadable: " + vk.error(), ErrorKind::kInternal);
  return remember(**record, std::move(*vk));
}

RegisteredKey KeyRegistry::remember(const store::VerifyingKeyRecord& record, groth16::VerifyingKey vk) {
  const std::string hash = key_of(record.vk_hash);
  std::shared_ptr<const groth16::PreparedVerifyingKey> prepared;
  {
    std::shared_lock lock(mutex_);
    if (const auto it = entries_.find(hash); it != entries_.end()) prepared = it->second.key.prepared;
  }
  if (!prepared) prepared = std::make_shared<const groth16::PreparedVerifyingKey>(std::move(vk));
  std::unique_lock lock(mutex_);
  Entry& entry = entries_[hash];
  entry.key = {std::move(prepared), {record.owner, record.submitters}};
  entry.checked = std::chrono::steady_clock::now();
  return entry.key;
}

}  // namespace proofagg::service

#include "service/server/key_registry.hpp"

#include <mutex>

#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"

namespace proofagg::service {
namespace {

std::string key_of(std::span<const std::uint8_t> hash) { return {hash.begin(), hash.end()}; }

}  // namespace

Status KeyRegistry::load() {
  auto records = store_.list_verifying_keys();
  if (!records) return Error{records.error()};
  for (const auto& record : *records) {
    auto vk = groth16::snarkjs::parse_verifying_key(record.snarkjs_json);
    if (!vk) return make_error("stored verifying key is unreadable: " + vk.error());
    add(key_of(record.vk_hash), std::move(*vk));
  }
  return {};
}

Result<std::vector<std::uint8_t>> KeyRegistry::register_key(const groth16::VerifyingKey& vk) {
  const auto digest = commit::vk_hash(vk);
  std::vector<std::uint8_t> hash(digest.begin(), digest.end());
  if (Status s = store_.put_verifying_key({hash, groth16::snarkjs::format_verifying_key(vk),
                                           static_cast<std::uint32_t>(vk.public_inputs())});
      !s) {
    return Error{s.error()};
  }
  add(key_of(hash), vk);
  return hash;
}

std::shared_ptr<const groth16::PreparedVerifyingKey> KeyRegistry::find(std::span<const std::uint8_t> vk_hash) {
  {
    std::shared_lock lock(mutex_);
    if (const auto it = prepared_.find(key_of(vk_hash)); it != prepared_.end()) return it->second;
  }
  const auto record = store_.get_verifying_key(vk_hash);
  if (!record || !*record) return nullptr;
  auto vk = groth16::snarkjs::parse_verifying_key((*record)->snarkjs_json);
  if (!vk) return nullptr;
  return add(key_of(vk_hash), std::move(*vk));
}

std::shared_ptr<const groth16::PreparedVerifyingKey> KeyRegistry::add(const std::string& hash, groth16::VerifyingKey vk) {
  auto prepared = std::make_shared<const groth16::PreparedVerifyingKey>(std::move(vk));
  std::unique_lock lock(mutex_);
  return prepared_.try_emplace(hash, std::move(prepared)).first->second;
}

}  // namespace proofagg::service

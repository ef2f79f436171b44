#include "service/server/auth.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "aggregator/sha256/sha256.hpp"

namespace proofagg::service {
namespace {

std::string token_digest(std::string_view token) {
  const Sha256Digest d = Sha256().update(token).finish();
  return {d.begin(), d.end()};
}

}  // namespace

Result<Authenticator> Authenticator::from_json(std::string_view json) {
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("rollups") || !doc["rollups"].is_array()) {
    return make_error("tokens file: expected {\"rollups\": [...]}");
  }
  Authenticator auth;
  for (const auto& entry : doc["rollups"]) {
    const std::string where = "tokens file: rollup " + std::to_string(auth.rollups());
    if (!entry.is_object() || !entry.contains("rollup_id") || !entry["rollup_id"].is_string() ||
        !entry.contains("token") || !entry["token"].is_string()) {
      return make_error(where + ": needs string fields rollup_id and token");
    }
    RollupPolicy policy;
    policy.rollup_id = entry["rollup_id"].get<std::string>();
    const std::string token = entry["token"].get<std::string>();
    if (policy.rollup_id.empty() || token.size() < 16) {
      return make_error(where + ": rollup_id must be non-empty and the token at least 16 characters");
    }
    for (const char* field : {"rate_per_second", "burst"}) {
      if (!entry.contains(field)) continue;
      if (!entry[field].is_number() || entry[field].get<double>() <= 0) {
        return make_error(where + ": " + field + " must be a positive number");
      }
    }
    policy.rate_per_second = entry.value("rate_per_second", policy.rate_per_second);
    policy.burst = entry.value("burst", std::max(policy.burst, policy.rate_per_second));
    if (!auth.by_token_digest_.emplace(token_digest(token), policy).second) {
      return make_error(where + ": token used twice");
    }
    auth.buckets_[policy.rollup_id] = Bucket{policy.rate_per_second, policy.burst, policy.burst, Clock::time_point{}};
  }
  if (auth.by_token_digest_.empty()) return make_error("tokens file: no rollups");
  return auth;
}

Result<std::string> Authenticator::authenticate(std::string_view authorization) const {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.empty()) {
    return make_error("missing bearer token (metadata \"authorization: Bearer TOKEN\")", ErrorKind::kUnauthenticated);
  }
  // RFC 7235: the scheme is case-insensitive and one or more spaces follow it.
  const bool bearer = authorization.size() > kScheme.size() &&
                      std::equal(kScheme.begin(), kScheme.end(), authorization.begin(),
                                 [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); }) &&
                      authorization[kScheme.size()] == ' ';
  if (!bearer) return make_error("authorization metadata is not \"Bearer TOKEN\"", ErrorKind::kUnauthenticated);
  std::string_view token = authorization.substr(kScheme.size());
  token.remove_prefix(std::min(token.find_first_not_of(' '), token.size()));
  const auto it = by_token_digest_.find(token_digest(token));
  if (it == by_token_digest_.end()) return make_error("unknown token", ErrorKind::kUnauthenticated);
  return it->second.rollup_id;
}

bool Authenticator::admit(const std::string& rollup_id, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto it = buckets_.find(rollup_id);
  if (it == buckets_.end()) return true;  // open mode, or a rollup without a limit
  Bucket& b = it->second;
  if (b.refilled != Clock::time_point{}) {
    const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
    b.tokens = std::min(b.burst, b.tokens + elapsed * b.rate);
  }
  b.refilled = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

}  // namespace proofagg::service

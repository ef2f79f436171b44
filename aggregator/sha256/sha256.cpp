#include "aggregator/sha256/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace proofagg {

struct Sha256::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

// libcrypto fails here only when out of memory, which C++ reports as bad_alloc too.
static void require(int ok) {
  if (ok != 1) throw std::bad_alloc();
}

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  if (context_->ctx == nullptr) throw std::bad_alloc();
  require(EVP_DigestInit_ex(context_->ctx, EVP_sha256(), nullptr));
}
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

Sha256& Sha256::update(std::span<const std::uint8_t> bytes) {
  require(EVP_DigestUpdate(context_->ctx, bytes.data(), bytes.size()));
  return *this;
}

Sha256& Sha256::update(std::string_view text) {
  return update(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

Sha256& Sha256::update_u32(std::uint32_t v) {
  const std::uint8_t b[4] = {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                             static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  return update(b);
}

Sha256Digest Sha256::finish() {
  Sha256Digest out{};
  unsigned int size = 0;
  require(EVP_DigestFinal_ex(context_->ctx, out.data(), &size));
  return out;
}

}  // namespace proofagg

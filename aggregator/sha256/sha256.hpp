// SHA-256 (OpenSSL's libcrypto): the hash of proofagg's commitments and
// Fiat-Shamir transcripts, chosen because the EVM prices it as a precompile.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

namespace proofagg {

using Sha256Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();

  Sha256& update(std::span<const std::uint8_t> bytes);
  Sha256& update(std::string_view text);
  Sha256& update_u32(std::uint32_t v);  // 4 bytes big-endian
  Sha256Digest finish();

  static Sha256Digest of(std::span<const std::uint8_t> bytes) { return Sha256().update(bytes).finish(); }

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace proofagg

// iden3's binary container (.r1cs, .wtns, .zkey, .ptau): a 4-byte magic, a u32
// version, a u32 section count, then sections of (u32 type, u64 size, bytes), all
// little-endian. Reading checks that the sections tile the file exactly.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/core/result.hpp"
#include "kernels/ff/mont_field.hpp"

namespace proofagg::formats {

class BinFile {
 public:
  // `bytes` must outlive the BinFile; `what` names the file in messages.
  static Result<BinFile> parse(std::span<const std::uint8_t> bytes, std::string_view magic, std::uint32_t max_version,
                               std::string what);

  std::uint32_t version() const { return version_; }
  // The one section of this type; an error if it is missing or repeated.
  Result<std::span<const std::uint8_t>> section(std::uint32_t type) const;
  bool has_section(std::uint32_t type) const { return sections_.contains(type); }
  const std::string& what() const { return what_; }

 private:
  std::string what_;
  std::uint32_t version_ = 0;
  std::map<std::uint32_t, std::vector<std::span<const std::uint8_t>>> sections_;
};

// Sequential little-endian reads inside one section, with bounds checks.
class Reader {
 public:
  Reader(std::span<const std::uint8_t> bytes, std::string what) : bytes_(bytes), what_(std::move(what)) {}
  Result<std::uint32_t> u32();
  Result<std::uint64_t> u64();
  Result<std::span<const std::uint8_t>> take(std::size_t n);
  // A 32-byte little-endian integer below `modulus`.
  Result<ff::Limbs> canonical(const ff::Limbs& modulus, std::string_view name);
  std::size_t remaining() const { return bytes_.size() - offset_; }
  Status expect_end() const;
  // A field's description: u32 byte size (must be 32) and the prime, which must be
  // `modulus`; `name` says which field in the message.
  Status expect_field(const ff::Limbs& modulus, std::string_view name);
  const std::string& what() const { return what_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t offset_ = 0;
  std::string what_;
};

// Builds a container file.
class Writer {
 public:
  Writer(std::string_view magic, std::uint32_t version, std::uint32_t sections);
  void begin_section(std::uint32_t type);
  void end_section();
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void bytes(std::span<const std::uint8_t> b);
  void limbs(const ff::Limbs& v);  // 32 bytes little-endian
  std::vector<std::uint8_t> finish() { return std::move(out_); }

 private:
  std::vector<std::uint8_t> out_;
  std::size_t section_size_at_ = 0;
};

ff::Limbs limbs_from_le_bytes(std::span<const std::uint8_t, 32> bytes);

}  // namespace proofagg::formats

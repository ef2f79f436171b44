#include "aggregator/formats/binfile.hpp"

namespace proofagg::formats {
namespace {

std::uint64_t read_le(std::span<const std::uint8_t> b, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = n; i-- > 0;) v = (v << 8) | b[i];
  return v;
}

}  // namespace

ff::Limbs limbs_from_le_bytes(std::span<const std::uint8_t, 32> bytes) {
  ff::Limbs v{};
  for (int i = 0; i < 4; ++i) v.v[i] = read_le(bytes.subspan(8 * i, 8), 8);
  return v;
}

Result<BinFile> BinFile::parse(std::span<const std::uint8_t> bytes, std::string_view magic, std::uint32_t max_version,
                               std::string what) {
  BinFile f;
  f.what_ = std::move(what);
  if (bytes.size() < 12) return make_error(f.what_ + ": too short for a header (" + std::to_string(bytes.size()) + " bytes)");
  if (std::string_view(reinterpret_cast<const char*>(bytes.data()), 4) != magic) {
    return make_error(f.what_ + ": not a " + std::string(magic) + " file (wrong magic)");
  }
  f.version_ = static_cast<std::uint32_t>(read_le(bytes.subspan(4), 4));
  if (f.version_ == 0 || f.version_ > max_version) {
    return make_error(f.what_ + ": unsupported version " + std::to_string(f.version_));
  }
  const std::uint64_t count = read_le(bytes.subspan(8), 4);
  std::size_t offset = 12;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (bytes.size() - offset < 12) return make_error(f.what_ + ": section " + std::to_string(i) + " header is truncated");
    const auto type = static_cast<std::uint32_t>(read_le(bytes.subspan(offset), 4));
    const std::uint64_t size = read_le(bytes.subspan(offset + 4), 8);
    offset += 12;
    if (size > bytes.size() - offset) {
      return make_error(f.what_ + ": section " + std::to_string(type) + " claims " + std::to_string(size) +
                        " bytes, only " + std::to_string(bytes.size() - offset) + " remain");
    }
    f.sections_[type].push_back(bytes.subspan(offset, size));
    offset += size;
  }
  if (offset != bytes.size()) {
    return make_error(f.what_ + ": " + std::to_string(bytes.size() - offset) + " bytes after the last section");
  }
  return f;
}

Result<std::span<const std::uint8_t>> BinFile::section(std::uint32_t type) const {
  const auto it = sections_.find(type);
  if (it == sections_.end()) return make_error(what_ + ": missing section " + std::to_string(type));
  if (it->second.size() != 1) return make_error(what_ + ": section " + std::to_string(type) + " appears more than once");
  return it->second.front();
}

Result<std::uint32_t> Reader::u32() {
  const auto b = take(4);
  if (!b) return b.failure();
  return static_cast<std::uint32_t>(read_le(*b, 4));
}

Result<std::uint64_t> Reader::u64() {
  const auto b = take(8);
  if (!b) return b.failure();
  return read_le(*b, 8);
}

Result<std::span<const std::uint8_t>> Reader::take(std::size_t n) {
  if (remaining() < n) {
    return make_error(what_ + ": truncated (needs " + std::to_string(n) + " more bytes at offset " +
                      std::to_string(offset_) + ")");
  }
  const auto out = bytes_.subspan(offset_, n);
  offset_ += n;
  return out;
}

Result<ff::Limbs> Reader::canonical(const ff::Limbs& modulus, std::string_view name) {
  const auto b = take(32);
  if (!b) return b.failure();
  const ff::Limbs v = limbs_from_le_bytes(b->first<32>());
  if (!ff::limbs_less(v, modulus)) return make_error(what_ + ": " + std::string(name) + " is not less than the field modulus");
  return v;
}

Status Reader::expect_end() const {
  if (remaining() != 0) return make_error(what_ + ": " + std::to_string(remaining()) + " unexpected trailing bytes");
  return {};
}

Status Reader::expect_field(const ff::Limbs& modulus, std::string_view name) {
  const auto n8 = u32();
  if (!n8) return n8.failure();
  if (*n8 != 32) return make_error(what_ + ": field size " + std::to_string(*n8) + " is not 32 bytes");
  const auto prime = take(32);
  if (!prime) return prime.failure();
  if (limbs_from_le_bytes(prime->first<32>()) != modulus) {
    return make_error(what_ + ": the prime is not BN254's " + std::string(name));
  }
  return {};
}

Writer::Writer(std::string_view magic, std::uint32_t version, std::uint32_t sections) {
  out_.insert(out_.end(), magic.begin(), magic.end());
  u32(version);
  u32(sections);
}

void Writer::begin_section(std::uint32_t type) {
  u32(type);
  section_size_at_ = out_.size();
  out_.resize(out_.size() + 8);
}

void Writer::end_section() {
  std::uint64_t size = out_.size() - section_size_at_ - 8;
  for (int i = 0; i < 8; ++i) out_[section_size_at_ + i] = static_cast<std::uint8_t>(size >> (8 * i));
}

void Writer::u32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void Writer::u64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void Writer::bytes(std::span<const std::uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }

void Writer::limbs(const ff::Limbs& v) {
  for (int i = 0; i < 4; ++i) {
    for (int k = 0; k < 8; ++k) out_.push_back(static_cast<std::uint8_t>(v.v[i] >> (8 * k)));
  }
}

}  // namespace proofagg::formats

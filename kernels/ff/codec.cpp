#include "kernels/ff/codec.hpp"

#include <algorithm>

namespace proofagg::ff {

Limbs limbs_from_be_bytes(std::span<const std::uint8_t, kFieldBytes> bytes) {
  Limbs out{};
  for (int limb = 0; limb < kLimbs; ++limb) {
    u64 w = 0;
    for (int b = 0; b < 8; ++b) w = (w << 8) | bytes[kFieldBytes - 8 * (limb + 1) + b];
    out.v[limb] = w;
  }
  return out;
}

FieldBytes limbs_to_be_bytes(const Limbs& value) {
  FieldBytes out{};
  for (int limb = 0; limb < kLimbs; ++limb) {
    for (int b = 0; b < 8; ++b) {
      out[kFieldBytes - 1 - (8 * limb + b)] = static_cast<std::uint8_t>(value.v[limb] >> (8 * b));
    }
  }
  return out;
}

Result<Limbs> limbs_from_decimal(std::string_view text) {
  if (text.empty()) return make_error("empty decimal string");
  if (text.size() > 1 && text[0] == '0') return make_error("decimal string has a leading zero");
  if (text.size() > 78) return make_error("decimal string is longer than 78 digits");
  Limbs value{};
  for (const char c : text) {
    if (c < '0' || c > '9') return make_error("decimal string contains a non-digit character");
    u64 carry = static_cast<u64>(c - '0');
    for (int i = 0; i < kLimbs; ++i) value.v[i] = mul_add_carry(value.v[i], 10, 0, carry);
    if (carry != 0) return make_error("decimal value does not fit in 256 bits");
  }
  return value;
}

std::string limbs_to_decimal(Limbs value) {
  std::string digits;
  do {
    u64 rem = 0;
    for (int i = kLimbs - 1; i >= 0; --i) {
      const u128 cur = (static_cast<u128>(rem) << 64) | value.v[i];
      value.v[i] = static_cast<u64>(cur / 10);
      rem = static_cast<u64>(cur % 10);
    }
    digits.push_back(static_cast<char>('0' + rem));
  } while (!limbs_is_zero(value));
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace proofagg::ff

// Canonical encodings of field elements: 32-byte big-endian words (as in the EVM)
// and decimal strings (as in snarkjs JSON). Decoders reject every non-canonical
// form: values >= the modulus, leading zeros, signs, spaces, wrong lengths.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "kernels/core/result.hpp"
#include "kernels/ff/mont_field.hpp"

namespace proofagg::ff {

inline constexpr std::size_t kFieldBytes = 32;
using FieldBytes = std::array<std::uint8_t, kFieldBytes>;

Limbs limbs_from_be_bytes(std::span<const std::uint8_t, kFieldBytes> bytes);
FieldBytes limbs_to_be_bytes(const Limbs& value);

// Parses a canonical decimal integer below 2^256 ("0", or digits without a leading zero).
Result<Limbs> limbs_from_decimal(std::string_view text);
std::string limbs_to_decimal(Limbs value);

template <class Params>
Result<MontField<Params>> field_from_limbs(const Limbs& value, std::string_view what) {
  if (!limbs_less(value, Params::modulus())) {
    return make_error(std::string(what) + " is not less than the field modulus");
  }
  return MontField<Params>::from_canonical(value);
}

template <class F>
Result<F> field_from_be_bytes(std::span<const std::uint8_t, kFieldBytes> bytes,
                              std::string_view what = "field element") {
  return field_from_limbs<typename F::P>(limbs_from_be_bytes(bytes), what);
}

template <class F>
Result<F> field_from_decimal(std::string_view text, std::string_view what = "field element") {
  Result<Limbs> value = limbs_from_decimal(text);
  if (!value) return make_error(std::string(what) + ": " + value.error());
  return field_from_limbs<typename F::P>(*value, what);
}

template <class F>
FieldBytes field_to_be_bytes(const F& x) {
  return limbs_to_be_bytes(x.to_canonical());
}

template <class F>
std::string field_to_decimal(const F& x) {
  return limbs_to_decimal(x.to_canonical());
}

}  // namespace proofagg::ff

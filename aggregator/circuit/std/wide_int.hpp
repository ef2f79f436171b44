// Internal to the non-native gadgets: 640-bit two's-complement integers for the
// hints that split an unreduced value X (limbs that are signed integers held in Fr)
// into X = q p + r. Only hints use this; constraints never do.
#pragma once

#include <array>
#include <cstdint>

#include "kernels/ff/bn254.hpp"

namespace proofagg::circuit::detail {

class WideInt {
 public:
  static constexpr int kWords = 10;  // 640 bits: room for a product of two 300-bit values

  WideInt() = default;
  static WideInt from_u64(std::uint64_t v);
  static WideInt from_limbs(const ff::Limbs& v);  // unsigned 256-bit
  // An Fr value read as the signed integer in (-r/2, r/2) it stands for.
  static WideInt from_signed(const ff::Fr& v);

  WideInt operator+(const WideInt& o) const;
  WideInt operator-(const WideInt& o) const;
  WideInt operator*(const WideInt& o) const;  // mod 2^640
  WideInt operator-() const { return WideInt() - *this; }
  WideInt shifted_left(int bits) const;
  // this / 2^64 for a multiple of 2^64, any sign (an arithmetic shift).
  WideInt divided_by_2_64() const;
  bool negative() const { return (w_[kWords - 1] >> 63) != 0; }
  bool is_zero() const;
  friend bool operator==(const WideInt&, const WideInt&) = default;

  // Bits [64 i, 64 i + 64) of a non-negative value.
  std::uint64_t word(int i) const { return w_[i]; }
  // The number of significant bits of a non-negative value.
  int bit_length() const;

  // The value mod p (Fq's modulus), for any sign.
  ff::Fq mod_p() const;
  // this / p for a value divisible by p (exact division by the inverse of p mod 2^640).
  WideInt divide_exact_by_p() const;
  // The value as an Fr element (mod r), for any sign.
  ff::Fr to_fr() const;

 private:
  std::array<std::uint64_t, kWords> w_{};
};

}  // namespace proofagg::circuit::detail

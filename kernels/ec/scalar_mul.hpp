// Variable-base scalar multiplication with width-w NAF. Scalars here are public
// (verification, precompiles), so the code is not constant time.
#pragma once

#include "kernels/ec/curve.hpp"
#include "kernels/ff/limbs.hpp"

namespace proofagg::ec {

using ff::Limbs;

inline constexpr int kWnafWidth = 5;
inline constexpr int kWnafTableSize = 1 << (kWnafWidth - 2);  // P, 3P, ..., 15P
inline constexpr int kMaxWnafDigits = 257;

// Writes the width-kWnafWidth NAF of k (least significant digit first) and returns
// the number of digits. Every non-zero digit is odd and below 2^(w-1) in magnitude.
PA_HD constexpr int wnaf_digits(Limbs k, signed char* digits) {
  constexpr ff::u64 window = ff::u64{1} << kWnafWidth;
  ff::u64 top = 0;  // the 257th bit, set when a negative digit carries out of k
  int n = 0;
  while (!ff::limbs_is_zero(k) || top != 0) {
    int d = 0;
    if (k.v[0] & 1) {
      d = static_cast<int>(k.v[0] & (window - 1));
      if (d >= static_cast<int>(window / 2)) d -= static_cast<int>(window);
      // k -= d
      ff::u64 c = 0;
      if (d > 0) {
        k.v[0] = ff::sub_borrow(k.v[0], static_cast<ff::u64>(d), c);
        for (int i = 1; i < ff::kLimbs; ++i) k.v[i] = ff::sub_borrow(k.v[i], 0, c);
      } else {
        k.v[0] = ff::add_carry(k.v[0], static_cast<ff::u64>(-d), c);
        for (int i = 1; i < ff::kLimbs; ++i) k.v[i] = ff::add_carry(k.v[i], 0, c);
        top += c;
      }
    }
    digits[n++] = static_cast<signed char>(d);
    for (int i = 0; i < ff::kLimbs - 1; ++i) k.v[i] = (k.v[i] >> 1) | (k.v[i + 1] << 63);
    k.v[ff::kLimbs - 1] = (k.v[ff::kLimbs - 1] >> 1) | (top << 63);
    top = 0;
  }
  return n;
}

template <class Curve>
PA_HD constexpr void wnaf_table(const Jacobian<Curve>& p, Jacobian<Curve>* table) {
  table[0] = p;
  const Jacobian<Curve> p2 = p.dbl();
  for (int i = 1; i < kWnafTableSize; ++i) table[i] = table[i - 1] + p2;
}

template <class Curve>
PA_HD constexpr void add_wnaf_digit(Jacobian<Curve>& acc, const Jacobian<Curve>* table, int d) {
  if (d > 0) acc += table[d / 2];
  if (d < 0) acc += -table[-d / 2];
}

// k * p for any 256-bit k.
template <class Curve>
PA_HD constexpr Jacobian<Curve> scalar_mul(const Jacobian<Curve>& p, const Limbs& k) {
  Jacobian<Curve> table[kWnafTableSize];
  wnaf_table(p, table);
  signed char digits[kMaxWnafDigits];
  const int n = wnaf_digits(k, digits);
  Jacobian<Curve> acc = Jacobian<Curve>::infinity();
  for (int i = n - 1; i >= 0; --i) {
    acc = acc.dbl();
    add_wnaf_digit(acc, table, digits[i]);
  }
  return acc;
}

// k1 * p1 + k2 * p2 with one shared doubling chain (Straus-Shamir), for
// half-length scalars from an endomorphism decomposition.
template <class Curve>
PA_HD constexpr Jacobian<Curve> double_scalar_mul(const Jacobian<Curve>& p1, const Limbs& k1,
                                                  const Jacobian<Curve>& p2, const Limbs& k2) {
  Jacobian<Curve> t1[kWnafTableSize];
  Jacobian<Curve> t2[kWnafTableSize];
  wnaf_table(p1, t1);
  wnaf_table(p2, t2);
  signed char d1[kMaxWnafDigits] = {};
  signed char d2[kMaxWnafDigits] = {};
  const int n1 = wnaf_digits(k1, d1);
  const int n2 = wnaf_digits(k2, d2);
  const int n = n1 > n2 ? n1 : n2;
  Jacobian<Curve> acc = Jacobian<Curve>::infinity();
  for (int i = n - 1; i >= 0; --i) {
    acc = acc.dbl();
    add_wnaf_digit(acc, t1, d1[i]);
    add_wnaf_digit(acc, t2, d2[i]);
  }
  return acc;
}

}  // namespace proofagg::ec

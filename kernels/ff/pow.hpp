// Exponentiation by a public 256-bit exponent, for any field type with one(),
// square() and operator* (base fields and extensions alike).
#pragma once

#include "kernels/ff/limbs.hpp"

namespace proofagg::ff {

// Left-to-right square-and-multiply. Runs in time independent of the base, not of
// the exponent (exponents here are public constants).
template <class T>
PA_HD constexpr T power(const T& base, const Limbs& exponent) {
  T r = T::one();
  for (int i = limbs_bit_length(exponent) - 1; i >= 0; --i) {
    r = r.square();
    if (limbs_bit(exponent, i)) r = r * base;
  }
  return r;
}

}  // namespace proofagg::ff

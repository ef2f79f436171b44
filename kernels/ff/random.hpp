// Uniform field elements from a 64-bit generator, for tests and benchmarks
// (not for secrets: callers that need unpredictability pass a CSPRNG).
#pragma once

#include "kernels/ff/mont_field.hpp"

namespace proofagg::ff {

template <class F, class Rng>
F random_field_element(Rng& rng) {
  const Limbs m = F::P::modulus();
  const int top_bits = limbs_bit_length(m) - 64 * (kLimbs - 1);
  for (;;) {
    Limbs x{{rng(), rng(), rng(), rng()}};
    x.v[kLimbs - 1] &= (u64{1} << top_bits) - 1;
    if (limbs_less(x, m)) return F::from_canonical(x);
  }
}

}  // namespace proofagg::ff

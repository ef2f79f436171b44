// Fresh secrets from the operating system (getrandom via std::random_device):
// Groth16 blinding, batch-verification coefficients and setup contributions.
#pragma once

#include <algorithm>
#include <random>

#include "kernels/ff/bn254.hpp"

namespace proofagg::groth16 {

// Uniform in [1, r) when bits = 254; in [1, 2^bits) for fewer bits.
inline ff::Fr random_nonzero_scalar(std::random_device& source, int bits = 254) {
  for (;;) {
    ff::Limbs k{};
    for (int i = 0; i < 8; ++i) k.v[i / 2] |= static_cast<std::uint64_t>(source()) << (32 * (i % 2));
    for (int limb = 0; limb < 4; ++limb) {
      const int keep = std::clamp(bits - 64 * limb, 0, 64);
      k.v[limb] &= keep == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << keep) - 1;
    }
    if (!ff::limbs_is_zero(k) && ff::limbs_less(k, ff::FrParams::modulus())) return ff::Fr::from_canonical(k);
  }
}

}  // namespace proofagg::groth16

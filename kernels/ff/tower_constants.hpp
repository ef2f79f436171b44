// Constants of the BN254 tower and twist, in Montgomery form, xi = 9 + u.
// The Frobenius tables take k in 1..3.
// tests/kernels/ff_constants_test.cpp recomputes each as a power of xi.
#pragma once

#include "kernels/ff/fq2.hpp"

namespace proofagg::ff {

// gamma_w(k) = xi^((p^k - 1) / 6): w^(p^k) = gamma_w(k) w.
PA_HD constexpr Fq2 frobenius_coeff_w(int k) {
  switch (k) {
    case 1:
      return {Fq::from_raw({{0xaf9ba69633144907ULL, 0xca6b1d7387afb78aULL, 0x11bded5ef08a2087ULL, 0x02f34d751a1f3a7cULL}}),
              Fq::from_raw({{0xa222ae234c492d72ULL, 0xd00f02a4565de15bULL, 0xdc2ff3a253dfc926ULL, 0x10a75716b3899551ULL}})};
    case 2:
      return {Fq::from_raw({{0xca8d800500fa1bf2ULL, 0xf0c5d61468b39769ULL, 0x0e201271ad0d4418ULL, 0x04290f65bad856e6ULL}}),
              Fq::zero()};
    default:
      return {Fq::from_raw({{0x365316184e46d97dULL, 0x0af7129ed4c96d9fULL, 0x659da72fca1009b5ULL, 0x08116d8983a20d23ULL}}),
              Fq::from_raw({{0xb1df4af7c39c1939ULL, 0x3d9f02878a73bf7fULL, 0x9b2220928caf0ae0ULL, 0x26684515eff054a6ULL}})};
  }
}

// gamma_v(k) = xi^((p^k - 1) / 3): v^(p^k) = gamma_v(k) v.
PA_HD constexpr Fq2 frobenius_coeff_v(int k) {
  switch (k) {
    case 1:
      return {Fq::from_raw({{0xb5773b104563ab30ULL, 0x347f91c8a9aa6454ULL, 0x7a007127242e0991ULL, 0x1956bcd8118214ecULL}}),
              Fq::from_raw({{0x6e849f1ea0aa4757ULL, 0xaa1c7b6d89f89141ULL, 0xb6e713cdfae0ca3aULL, 0x26694fbb4e82ebc3ULL}})};
    case 2:
      return {Fq::from_raw({{0x3350c88e13e80b9cULL, 0x7dce557cdb5e56b9ULL, 0x6001b4b8b615564aULL, 0x2682e617020217e0ULL}}),
              Fq::zero()};
    default:
      return {Fq::from_raw({{0xc9af22f716ad6badULL, 0xb311782a4aa662b2ULL, 0x19eeaf64e248c7f4ULL, 0x20273e77e3439f82ULL}}),
              Fq::from_raw({{0xacc02860f7ce93acULL, 0x3933d5817ba76b4cULL, 0x69e6188b446c8467ULL, 0x0a46036d4417cc55ULL}})};
  }
}

// gamma_v(k)^2 = xi^(2 (p^k - 1) / 3).
PA_HD constexpr Fq2 frobenius_coeff_v2(int k) {
  switch (k) {
    case 1:
      return {Fq::from_raw({{0x7361d77f843abe92ULL, 0xa5bb2bd3273411fbULL, 0x9c941f314b3e2399ULL, 0x15df9cddbb9fd3ecULL}}),
              Fq::from_raw({{0x5dddfd154bd8c949ULL, 0x62cb29a5a4445b60ULL, 0x37bc870a0c7dd2b9ULL, 0x24830a9d3171f0fdULL}})};
    case 2:
      return {Fq::from_raw({{0x71930c11d782e155ULL, 0xa6bb947cffbe3323ULL, 0xaa303344d4741444ULL, 0x2c3b3f0d26594943ULL}}),
              Fq::zero()};
    default:
      return {Fq::from_raw({{0x448a93a57b6762dfULL, 0xbfd62df528fdeadfULL, 0xd858f5d00e9bd47aULL, 0x06b03d4d3476ec58ULL}}),
              Fq::from_raw({{0x2b19daf4bcc936d1ULL, 0xa1a54e7a56f4299fULL, 0xb533eee05adeaef1ULL, 0x170c812b84dda0b2ULL}})};
  }
}

// xi^((p - 1) / 2): the y-coefficient of the untwist-Frobenius-twist endomorphism psi.
PA_HD constexpr Fq2 psi_coeff_y() {
  return {Fq::from_raw({{0xe4bbdd0c2936b629ULL, 0xbb30f162e133bacbULL, 0x31a9d1b6f9645366ULL, 0x253570bea500f8ddULL}}),
          Fq::from_raw({{0xa1d77ce45ffe77c7ULL, 0x07affd117826d1dbULL, 0x6d16bd27bb7edc6bULL, 0x2c87200285defeccULL}})};
}

// b' = 3 / xi, the constant of the D-type sextic twist y^2 = x^3 + b'.
PA_HD constexpr Fq2 twist_b() {
  return {Fq::from_raw({{0x3bf938e377b802a8ULL, 0x020b1b273633535dULL, 0x26b7edf049755260ULL, 0x2514c6324384a86dULL}}),
          Fq::from_raw({{0x38e7ecccd1dcff67ULL, 0x65f0b37d93ce0d3eULL, 0xd749d0dd22ac00aaULL, 0x0141b9ce4a688d4dULL}})};
}

}  // namespace proofagg::ff

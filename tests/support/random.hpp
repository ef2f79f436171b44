// Deterministic random inputs for property tests (seeded, so failures reproduce).
#pragma once

#include <random>

#include "kernels/ec/bn254.hpp"
#include "kernels/ff/random.hpp"

namespace proofagg::testing {

inline std::mt19937_64& rng() {
  static std::mt19937_64 engine(0x70726f6f66616767ULL);
  return engine;
}

template <class F>
F random_element() {
  return ff::random_field_element<F>(rng());
}

inline ff::Limbs random_scalar() { return random_element<ff::Fr>().to_canonical(); }

inline ec::G1Affine random_g1() {
  return ec::g1_mul(ec::G1::from_affine(ec::g1_generator()), random_scalar()).to_affine();
}

inline ec::G2Affine random_g2() {
  return ec::g2_mul(ec::G2::from_affine(ec::g2_generator()), random_scalar()).to_affine();
}

// A point on the twist, usually outside G2: the twist's order is r times a large cofactor.
inline ec::G2Affine random_twist_point() {
  for (;;) {
    const ff::Fq2 x{random_element<ff::Fq>(), random_element<ff::Fq>()};
    ff::Fq2 y;
    if ((x.square() * x + ec::G2Curve::b()).sqrt(y)) return {x, y};
  }
}

// A fixed point on the twist outside G2: the first x = 5 + u + k whose x^3 + b' is a
// square with the root's point outside G2.
inline ec::G2Affine twist_point_outside_g2() {
  ff::Fq2 x{ff::Fq::from_u64(5), ff::Fq::one()};
  for (;; x = x + ff::Fq2::one()) {
    ff::Fq2 y;
    if ((x.square() * x + ec::G2Curve::b()).sqrt(y) && !ec::g2_in_subgroup({x, y})) return {x, y};
  }
}

}  // namespace proofagg::testing

// Recomputes every hard-coded constant of the field, tower and curve headers.
#include <gtest/gtest.h>

#include "kernels/ec/bn254.hpp"
#include "kernels/ff/codec.hpp"
#include "kernels/ff/tower_constants.hpp"
#include "kernels/pairing/pairing.hpp"

namespace proofagg::ff {
namespace {

template <class F>
void check_montgomery_constants() {
  using P = typename F::P;
  const Limbs m = P::modulus();
  EXPECT_EQ(m.v[0] * P::inv, ~u64{0}) << "inv must be -m^-1 mod 2^64";
  EXPECT_LT(m.v[3], (u64{1} << 62)) << "carry-free CIOS needs two spare top bits";
  const Limbs one{{1, 0, 0, 0}};
  const Limbs one_canonical = F::one().to_canonical();
  for (int i = 0; i < kLimbs; ++i) EXPECT_EQ(one_canonical.v[i], one.v[i]);
  // from_canonical(x) multiplies by R^2 / R: checks r2 against an independent sum.
  F sixty_four = F::one();
  for (int i = 0; i < 6; ++i) sixty_four = sixty_four.dbl();
  EXPECT_EQ(F::from_u64(64), sixty_four);
  EXPECT_EQ(limbs_sub(m, P::modulus_minus_two()).v[0], 2u);
  // 2 * half_order + 1 == m
  const F half = F::from_canonical(P::half_order());
  EXPECT_EQ(half.dbl() + F::one(), F::zero());
  // m - 1 = 2^s (2 * odd_part_half + 1)
  F t = F::from_canonical(P::odd_part_half()).dbl() + F::one();
  for (int i = 0; i < P::two_adicity; ++i) t = t.dbl();
  EXPECT_EQ(t, -F::one());
  // The root of unity has order exactly 2^s.
  F w = F{P::root_of_unity()};
  for (int i = 0; i < P::two_adicity - 1; ++i) w = w.square();
  EXPECT_EQ(w, -F::one());
}

TEST(FieldConstants, FqMontgomery) { check_montgomery_constants<Fq>(); }
TEST(FieldConstants, FrMontgomery) { check_montgomery_constants<Fr>(); }

TEST(FieldConstants, ModuliAreBn254) {
  EXPECT_EQ(limbs_to_decimal(FqParams::modulus()),
            "21888242871839275222246405745257275088696311157297823662689037894645226208583");
  EXPECT_EQ(limbs_to_decimal(FrParams::modulus()),
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");
}

const Fq2 kXi{Fq::from_u64(9), Fq::one()};

// (p^k - 1) / d = ((p - 1) / d) (1 + p + ... + p^(k-1)), and x^(p^j) is the j-fold
// conjugate in Fq2, so xi^((p^k - 1)/d) = prod_j conj^j(xi^((p - 1)/d)).
Fq2 xi_power_of_frobenius(int k, int d) {
  Limbs e = limbs_sub(FqParams::modulus(), Limbs{{1, 0, 0, 0}});
  u128 rem = 0;
  for (int i = kLimbs - 1; i >= 0; --i) {
    const u128 cur = (rem << 64) | e.v[i];
    e.v[i] = static_cast<u64>(cur / d);
    rem = cur % d;
  }
  EXPECT_EQ(rem, 0u);
  const Fq2 base = kXi.pow(e);
  Fq2 acc = Fq2::one();
  Fq2 term = base;
  for (int j = 0; j < k; ++j) {
    acc = acc * term;
    term = term.conjugate();
  }
  return acc;
}

TEST(TowerConstants, FrobeniusCoefficients) {
  for (int k = 1; k <= 3; ++k) {
    EXPECT_EQ(frobenius_coeff_w(k), xi_power_of_frobenius(k, 6)) << "k=" << k;
    EXPECT_EQ(frobenius_coeff_v(k), xi_power_of_frobenius(k, 3)) << "k=" << k;
    EXPECT_EQ(frobenius_coeff_v2(k), frobenius_coeff_v(k).square()) << "k=" << k;
  }
  EXPECT_EQ(psi_coeff_y(), xi_power_of_frobenius(1, 2));
}

TEST(TowerConstants, TwistB) { EXPECT_EQ(twist_b() * kXi, (Fq2{Fq::from_u64(3), Fq::zero()})); }

TEST(CurveConstants, GeneratorsAndEndomorphism) {
  EXPECT_EQ(ec::G1Curve::b(), Fq::from_u64(3));
  EXPECT_TRUE(ec::g1_generator().is_on_curve());
  EXPECT_TRUE(ec::g2_generator().is_on_curve());
  const Fq beta = ec::glv_beta();
  EXPECT_NE(beta, Fq::one());
  EXPECT_EQ(beta.square() * beta, Fq::one());
  const Fr lambda = Fr::from_canonical(ec::glv_lambda());
  EXPECT_NE(lambda, Fr::one());
  EXPECT_EQ(lambda.square() * lambda, Fr::one());
}

TEST(PairingConstants, AteLoopIsSixXPlusTwo) {
  // Sum of digits * 2^i over the NAF must be 6x + 2 (computed in Fr, where it is small).
  Fr acc = Fr::zero();
  for (int i = pairing::kAteLoopLength - 1; i >= 0; --i) {
    acc = acc.dbl();
    const int d = pairing::ate_loop_digit(i);
    if (d == 1) acc += Fr::one();
    if (d == -1) acc -= Fr::one();
  }
  const Fr x = Fr::from_canonical(ec::bn_x());
  EXPECT_EQ(acc, x * Fr::from_u64(6) + Fr::from_u64(2));
  // The NAF of x used by the final exponentiation.
  Fr x_from_naf = Fr::zero();
  for (int i = 0; i < pairing::kBnXNafLength; ++i) {
    x_from_naf = x_from_naf.dbl();
    const int d = pairing::bn_x_naf_digit(i);
    if (d == 1) x_from_naf += Fr::one();
    if (d == -1) x_from_naf -= Fr::one();
  }
  EXPECT_EQ(x_from_naf, x);
  int nonzero = 0;
  for (int i = 0; i < pairing::kAteLoopLength - 1; ++i) nonzero += pairing::ate_loop_digit(i) != 0;
  EXPECT_EQ(pairing::kNumLineCoeffs, pairing::kAteLoopLength - 1 + nonzero + 2);
  // p = 36x^4 + 36x^3 + 24x^2 + 6x + 1 and r = 36x^4 + 36x^3 + 18x^2 + 6x + 1:
  // both vanish in their own field.
  const Fq xq = Fq::from_canonical(ec::bn_x());
  const Fq x2 = xq.square();
  EXPECT_TRUE((Fq::from_u64(36) * x2 * x2 + Fq::from_u64(36) * x2 * xq + Fq::from_u64(24) * x2 +
               Fq::from_u64(6) * xq + Fq::one())
                  .is_zero());
  const Fr xr2 = x.square();
  EXPECT_TRUE((Fr::from_u64(36) * xr2 * xr2 + Fr::from_u64(36) * xr2 * x + Fr::from_u64(18) * xr2 +
               Fr::from_u64(6) * x + Fr::one())
                  .is_zero());
}

}  // namespace
}  // namespace proofagg::ff

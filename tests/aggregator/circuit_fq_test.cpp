// Non-native Fq (plain mode) against kernels/ff's Fq: random and edge values (0, 1,
// p - 1, limb boundaries 2^64 - 1 and 2^64), and soundness: every value a hint
// produces is pinned down (changing any one of them breaks the system), a
// non-canonical r is refused, a false equality is unsatisfiable.
#include <gtest/gtest.h>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/fq.hpp"
#include "aggregator/circuit/std/wide_int.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/random.hpp"

namespace proofagg::circuit {
namespace {

using detail::WideInt;
using ff::Fq;
using Mode = Builder::Mode;

std::vector<Fq> values() {
  std::vector<Fq> v{Fq::zero(), Fq::one(), -Fq::one(), Fq::from_u64(~std::uint64_t{0}),
                    Fq::from_canonical(ff::Limbs{{0, 1, 0, 0}})};
  for (int i = 0; i < 3; ++i) v.push_back(testing::random_element<Fq>());
  return v;
}

using testing::satisfied;

TEST(WideInt, SignedValuesModPAndExactDivision) {
  const Fr minus_five = -Fr::from_u64(5);
  const WideInt m5 = WideInt::from_signed(minus_five);
  EXPECT_TRUE(m5.negative());
  EXPECT_EQ(m5.to_fr(), minus_five);
  EXPECT_EQ(m5.mod_p(), -Fq::from_u64(5));
  EXPECT_EQ((-m5).word(0), 5u);
  const WideInt p = WideInt::from_limbs(ff::FqParams::modulus());
  const WideInt q = WideInt::from_u64(123456789).shifted_left(200) - WideInt::from_u64(7);
  EXPECT_EQ((q * p).divide_exact_by_p(), q);
  EXPECT_EQ((-(q * p)).divide_exact_by_p(), -q);
  EXPECT_TRUE((q * p).mod_p().is_zero());
  EXPECT_EQ(WideInt::from_u64(3).shifted_left(64).divided_by_2_64(), WideInt::from_u64(3));
  EXPECT_EQ((-WideInt::from_u64(3).shifted_left(64)).divided_by_2_64(), -WideInt::from_u64(3));
  EXPECT_EQ(p.bit_length(), 254);
}

PROOFAGG_IN_BOTH_ARITHMETICS(EmulatedFqModes);

TEST_P(EmulatedFqModes, ArithmeticMatchesTheNativeField) {
  for (const Fq& x : values()) {
    for (const Fq& y : values()) {
      Builder b(Mode::kWitness, GetParam());
      EmulatedFq fq(b);
      const FqVar a = fq.private_input(x), c = fq.private_input(y);
      EXPECT_EQ(fq.value(fq.add(a, c)), x + y);
      EXPECT_EQ(fq.value(fq.sub(a, c)), x - y);
      EXPECT_EQ(fq.value(fq.mul(a, c)), x * y);
      EXPECT_EQ(fq.value(fq.canonical(fq.sub(a, c))), x - y);
      EXPECT_EQ(fq.value(fq.mul_small(a, -3)), x * -Fq::from_u64(3));
      // A sum of products reduced once (lazy reduction).
      const FqVar lazy = fq.reduce(fq.add(fq.product(a, c), fq.product(c, c)));
      EXPECT_EQ(fq.value(lazy), x * y + y * y);
      // A product of a product (committed mode expands the inner one first), and
      // scaled products.
      EXPECT_EQ(fq.value(fq.reduce(fq.product(fq.product(a, c), c))), x * y * y);
      EXPECT_EQ(fq.value(fq.reduce(fq.sub(fq.mul_small(fq.product(a, c), -5), fq.product(c, c)))),
                x * y * -Fq::from_u64(5) - y * y);
      fq.assert_equal(fq.mul(a, c), fq.mul(c, a));
      if (!y.is_zero()) {
        EXPECT_EQ(fq.value(fq.div(a, c)), x * y.inverse());
      }
      const Variable yes = b.private_input(Fr::one());
      assert_boolean(b, yes);
      EXPECT_EQ(fq.value(fq.select(yes, a, c)), x);
      EXPECT_TRUE(satisfied(b)) << b.first_violation().value_or("");
    }
  }
}

TEST_P(EmulatedFqModes, EveryHintIsPinnedDown) {
  Builder b(Mode::kWitness, GetParam());
  EmulatedFq fq(b);
  const FqVar a = fq.private_input(testing::random_element<Fq>());
  const FqVar c = fq.private_input(-Fq::one());
  // One 64-bit limb: small enough for a product of its square with a full element,
  // so committed mode expands the inner product instead of reducing it.
  const Variable word = b.private_input(Fr::from_u64(0xfedcba9876543210));
  range_check(b, word, 64);
  const FqVar small{{LC(word)}, {64}, {}};
  const std::uint32_t first_internal = static_cast<std::uint32_t>(b.wires());
  const FqVar m = fq.mul(a, c);
  fq.canonical(fq.sub(m, a));
  const FqVar nested = fq.reduce(fq.product(fq.product(small, small), a));
  EXPECT_EQ(fq.value(nested), fq.value(small) * fq.value(small) * fq.value(a));
  (void)fq.div(a, c);
  testing::expect_each_change_breaks(b, testing::positions_from(b, first_internal));
}

// A committed circuit with its lookup chunk width fixed, as large circuits have it:
// hinted limbs, quotients and carries come as chunks (range_checked_hint) and are
// evaluated at the challenge as whole values.
TEST(EmulatedFqChunked, ArithmeticIsCorrectAndEveryWireIsPinnedDown) {
  Builder b(Mode::kWitness, Builder::Arithmetic::kCommitted);
  b.set_lookup_chunk_bits(4);  // a small table: each change rechecks the whole system
  EmulatedFq fq(b);
  const Fq x = testing::random_element<Fq>(), y = -Fq::one();
  const FqVar a = fq.private_input(x), c = fq.private_input(y);
  const std::uint32_t first_internal = static_cast<std::uint32_t>(b.wires());
  const FqVar m = fq.mul(a, c);
  EXPECT_EQ(fq.value(m), x * y);
  EXPECT_EQ(fq.value(fq.canonical(fq.sub(m, a))), x * y - x);
  EXPECT_EQ(fq.value(fq.div(a, c)), x * y.inverse());
  EXPECT_EQ(fq.value(fq.reduce(fq.add(fq.product(a, c), fq.mul_small(fq.product(c, c), -9)))),
            x * y - y * y * Fq::from_u64(9));
  testing::expect_each_change_breaks(b, testing::positions_from(b, first_internal));
}

TEST_P(EmulatedFqModes, FalseStatementsAreUnsatisfiable) {
  {  // a b = c claimed for a wrong c
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    const FqVar a = fq.private_input(Fq::from_u64(6)), c = fq.private_input(Fq::from_u64(7));
    fq.assert_equal(fq.mul(a, c), fq.constant(Fq::from_u64(43)));
    EXPECT_FALSE(satisfied(b));
  }
  for (const Fq& numerator : {Fq::one(), Fq::zero()}) {  // division by zero, including 0 / 0
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    (void)fq.div(fq.private_input(numerator), fq.private_input(Fq::zero()));
    EXPECT_FALSE(satisfied(b));
    Builder inv(Mode::kWitness, GetParam());
    EmulatedFq fq_inv(inv);
    (void)fq_inv.inverse(fq_inv.private_input(Fq::zero()));
    EXPECT_FALSE(satisfied(inv));
  }
  // p itself (four 64-bit limbs, congruent to 0) is not canonical; p - 1 is.
  for (const bool over : {true, false}) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    const ff::Limbs p = ff::FqParams::modulus();
    FqVar r;
    for (int i = 0; i < 4; ++i) {
      const std::uint64_t word = over ? p.v[i] : (i == 0 ? p.v[0] - 1 : p.v[i]);
      const Variable limb = b.private_input(Fr::from_u64(word));
      range_check(b, limb, 64);
      r.limbs.emplace_back(limb);
      r.bits.push_back(64);
    }
    fq.assert_canonical(r);
    EXPECT_EQ(satisfied(b), !over);
  }
}

// Wide unreduced polynomials (7 limbs up to 2^150, as Fq12 products make) are
// reduced and compared correctly: the reduction's quotient is wide too, and its
// product with p must stay the exact integer (an earlier version reduced it mod p).
// At 2^200 limbs pairs of limbs would exceed the bounds: committed mode's check in
// base 2^128 gives way to the one in base 2^64.
TEST_P(EmulatedFqModes, WideUnreducedPolynomialsReduceCorrectly) {
  for (const int bits : {130, 143, 150, 200}) {
    Builder b(Mode::kWitness, GetParam());
    EmulatedFq fq(b);
    FqVar x;
    for (int i = 0; i < 7; ++i) {
      x.limbs.emplace_back(b.private_input(Fr::from_u64(static_cast<std::uint64_t>(i) * 977 + 5)));
      x.bits.push_back(bits);
    }
    const Fq value = fq.value(x);
    fq.assert_equal(x, fq.constant(value));
    EXPECT_EQ(fq.value(fq.reduce(x)), value);
    EXPECT_TRUE(satisfied(b)) << bits << ": " << b.first_violation().value_or("");
    Builder wrong(Mode::kWitness, GetParam());  // the same polynomial claimed equal to value + 1
    EmulatedFq fq_wrong(wrong);
    FqVar y;
    for (int i = 0; i < 7; ++i) {
      y.limbs.emplace_back(wrong.private_input(Fr::from_u64(static_cast<std::uint64_t>(i) * 977 + 5)));
      y.bits.push_back(bits);
    }
    fq_wrong.assert_equal(y, fq_wrong.constant(value + Fq::one()));
    EXPECT_FALSE(satisfied(wrong)) << bits;
  }
}

TEST_P(EmulatedFqModes, ConstraintCounts) {
  const auto count = [arithmetic = GetParam()](bool with_mul) {
    Builder b(Mode::kConstraints, arithmetic);
    if (b.committed()) b.set_lookup_chunk_bits(16);
    EmulatedFq fq(b);
    const FqVar a = fq.private_input(Fq::zero()), c = fq.private_input(Fq::zero());
    if (with_mul) (void)fq.mul(a, c);
    return testing::constraints_without_table(b);
  };
  const std::size_t mul = count(true) - count(false);
  EXPECT_GT(mul, 0u);
  EXPECT_LT(mul, GetParam() == Builder::Arithmetic::kPlain ? 1500u : 200u);
  std::cout << "fq_mul (" << testing::arithmetic_label(GetParam()) << "): " << mul << " constraints\n";
}

}  // namespace
}  // namespace proofagg::circuit

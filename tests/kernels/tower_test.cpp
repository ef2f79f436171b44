#include <gtest/gtest.h>

#include "kernels/ff/fq12.hpp"
#include "tests/support/random.hpp"

namespace proofagg::ff {
namespace {

using testing::random_element;

Fq2 random_fq2() { return {random_element<Fq>(), random_element<Fq>()}; }
Fq6 random_fq6() { return {random_fq2(), random_fq2(), random_fq2()}; }
Fq12 random_fq12() { return {random_fq6(), random_fq6()}; }

TEST(Fq2, Arithmetic) {
  const Fq2 u{Fq::zero(), Fq::one()};
  EXPECT_EQ(u.square(), -Fq2::one());
  for (int i = 0; i < 100; ++i) {
    const Fq2 a = random_fq2();
    const Fq2 b = random_fq2();
    const Fq2 c = random_fq2();
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    // Schoolbook product as the reference for Karatsuba.
    EXPECT_EQ(a * b, (Fq2{a.c0 * b.c0 - a.c1 * b.c1, a.c0 * b.c1 + a.c1 * b.c0}));
    EXPECT_EQ(a.square(), a * a);
    EXPECT_EQ(a * a.inverse(), Fq2::one());
    EXPECT_EQ(a.mul_by_xi(), (a * Fq2{Fq::from_u64(9), Fq::one()}));
    EXPECT_EQ(a.halve().dbl(), a);
    EXPECT_EQ(a.frobenius(), a.pow(FqParams::modulus()));
    EXPECT_EQ(a * Fq::from_u64(5), (a * Fq2{Fq::from_u64(5), Fq::zero()}));
  }
}

TEST(Fq2, Sqrt) {
  int non_squares = 0;
  for (int i = 0; i < 40; ++i) {
    const Fq2 a = random_fq2();
    Fq2 root;
    ASSERT_TRUE(a.square().sqrt(root));
    EXPECT_TRUE(root == a || root == -a);
    if (a.sqrt(root)) {
      EXPECT_EQ(root.square(), a);
    } else {
      ++non_squares;
    }
  }
  EXPECT_GT(non_squares, 5);
  Fq2 root;
  // Pure imaginary and pure real inputs take the other branch of the algorithm.
  ASSERT_TRUE((-Fq2::one()).sqrt(root));
  EXPECT_EQ(root.square(), -Fq2::one());
  ASSERT_TRUE(Fq2::zero().sqrt(root));
  EXPECT_TRUE(root.is_zero());
}

TEST(Fq6, Arithmetic) {
  for (int i = 0; i < 50; ++i) {
    const Fq6 a = random_fq6();
    const Fq6 b = random_fq6();
    const Fq6 c = random_fq6();
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a.square(), a * a);
    EXPECT_EQ(a * a.inverse(), Fq6::one());
    const Fq6 v{Fq2::zero(), Fq2::one(), Fq2::zero()};
    EXPECT_EQ(a.mul_by_v(), a * v);
    const Fq2 b0 = random_fq2();
    const Fq2 b1 = random_fq2();
    EXPECT_EQ(a.mul_by_01(b0, b1), (a * Fq6{b0, b1, Fq2::zero()}));
  }
  // v^3 = xi.
  const Fq6 v{Fq2::zero(), Fq2::one(), Fq2::zero()};
  EXPECT_EQ(v * v * v, (Fq6{Fq2{Fq::from_u64(9), Fq::one()}, Fq2::zero(), Fq2::zero()}));
}

TEST(Fq12, Arithmetic) {
  for (int i = 0; i < 20; ++i) {
    const Fq12 a = random_fq12();
    const Fq12 b = random_fq12();
    const Fq12 c = random_fq12();
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a.square(), a * a);
    EXPECT_EQ(a * a.inverse(), Fq12::one());
    const Fq2 d0 = random_fq2();
    const Fq2 d3 = random_fq2();
    const Fq2 d4 = random_fq2();
    const Fq12 sparse{{d0, Fq2::zero(), Fq2::zero()}, {d3, d4, Fq2::zero()}};
    EXPECT_EQ(a.mul_by_034(d0, d3, d4), a * sparse);
    const Fq2 e0 = random_fq2();
    const Fq2 e3 = random_fq2();
    const Fq2 e4 = random_fq2();
    const Fq12 sparse2{{e0, Fq2::zero(), Fq2::zero()}, {e3, e4, Fq2::zero()}};
    const Fq12 product = Fq12::line_product(d0, d3, d4, e0, e3, e4);
    EXPECT_EQ(product, sparse * sparse2);
    EXPECT_EQ(a.mul_by_line_product(product), a * product);
  }
  // w^2 = v.
  const Fq12 w{Fq6::zero(), Fq6::one()};
  EXPECT_EQ(w.square(), (Fq12{Fq6{Fq2::zero(), Fq2::one(), Fq2::zero()}, Fq6::zero()}));
}

TEST(Fq12, FrobeniusIsPowerOfP) {
  const Fq12 a = random_fq12();
  const Fq12 ap = a.pow(FqParams::modulus());
  EXPECT_EQ(a.frobenius(1), ap);
  EXPECT_EQ(a.frobenius(2), ap.pow(FqParams::modulus()));
  EXPECT_EQ(a.frobenius(3), a.frobenius(2).frobenius(1));
  EXPECT_EQ(a.frobenius(2).frobenius(2).frobenius(2), a.frobenius(3).frobenius(3));
  EXPECT_EQ(a.frobenius(6), a.conjugate());  // x^(p^6) is the conjugate over Fq6
  EXPECT_EQ(a.frobenius(5), a.frobenius(2).frobenius(3));
  EXPECT_EQ(a.frobenius(12), a);
  EXPECT_EQ(a.frobenius(0), a);
  const Fq6 b = a.c0;
  EXPECT_EQ(b.frobenius(2), b.frobenius(1).frobenius(1));
  EXPECT_EQ(b.frobenius(3), b.frobenius(2).frobenius(1));
}

TEST(Fq12, CyclotomicSquare) {
  for (int i = 0; i < 10; ++i) {
    const Fq12 f = random_fq12();
    // f^((p^6 - 1)(p^2 + 1)) is in the cyclotomic subgroup.
    Fq12 g = f.conjugate() * f.inverse();
    g = g.frobenius(2) * g;
    EXPECT_EQ(g.cyclotomic_square(), g.square());
    EXPECT_EQ(g.conjugate() * g, Fq12::one());
  }
}

}  // namespace
}  // namespace proofagg::ff

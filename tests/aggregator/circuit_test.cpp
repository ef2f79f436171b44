// The circuit builder and its native gadgets: the system and the witness from one
// description, iden3 export, proving with the Groth16 code, and soundness: each test
// changes one witness value (or feeds a value the gadget must refuse) and requires
// the system to become unsatisfied.
#include <gtest/gtest.h>

#include <functional>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/builder.hpp"
#include "aggregator/circuit/std/poseidon.hpp"
#include "aggregator/commit/poseidon.hpp"
#include "aggregator/groth16/prover.hpp"
#include "aggregator/groth16/setup.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "aggregator/groth16/wtns.hpp"
#include "kernels/ff/codec.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/random.hpp"

namespace proofagg::circuit {
namespace {

using Mode = Builder::Mode;

const Fr kMinusOne = -Fr::one();

// Values every gadget meets: 0, 1, r - 1, 2^64 and random.
std::vector<Fr> edge_and_random_values() {
  std::vector<Fr> v{Fr::zero(), Fr::one(), kMinusOne, Fr::from_u64(1) * Fr::from_u64(1ULL << 32) * Fr::from_u64(1ULL << 32)};
  for (int i = 0; i < 4; ++i) v.push_back(testing::random_element<Fr>());
  return v;
}

using testing::satisfied;

// The witness with wire `v` changed: a prover lying about that one value.
bool satisfied_with_changed(const Builder& b, Variable v, const Fr& delta = Fr::one()) {
  std::vector<Fr> w = b.witness();
  w[b.wire_of(v)] = w[b.wire_of(v)] + delta;
  return b.r1cs().is_satisfied_by(w);
}

// x * y = z with z public, x and y private.
Variable product_circuit(Builder& b, const Fr& x, const Fr& y) {
  const Variable xv = b.private_input(x);
  const Variable yv = b.private_input(y);
  const Variable z = b.public_input(x * y);
  b.constrain(xv, yv, z, "x y = z");
  return z;
}

TEST(CircuitBuilder, OneDescriptionGivesTheSystemAndTheWitness) {
  Builder constraints_only(Mode::kConstraints), with_witness(Mode::kWitness);
  product_circuit(constraints_only, Fr::zero(), Fr::zero());
  const Variable z = product_circuit(with_witness, Fr::from_u64(3), Fr::from_u64(11));
  EXPECT_EQ(constraints_only.r1cs().constraints, with_witness.r1cs().constraints);
  EXPECT_EQ(constraints_only.r1cs().n_wires, with_witness.r1cs().n_wires);
  const auto r1cs = with_witness.r1cs();
  EXPECT_EQ(r1cs.n_wires, 4u);
  EXPECT_EQ(r1cs.n_public_inputs, 1u);
  EXPECT_EQ(r1cs.n_private_inputs, 2u);
  EXPECT_EQ(with_witness.wire_of(z), 1u);  // publics come first whatever the declaration order
  EXPECT_EQ(with_witness.witness(), (std::vector<Fr>{Fr::one(), Fr::from_u64(33), Fr::from_u64(3), Fr::from_u64(11)}));
  EXPECT_TRUE(satisfied(with_witness));
  EXPECT_FALSE(with_witness.first_violation().has_value());
  EXPECT_FALSE(satisfied_with_changed(with_witness, z));

  // The iden3 files round-trip.
  const auto read = groth16::read_r1cs(groth16::write_r1cs(r1cs));
  ASSERT_TRUE(read.ok()) << read.error();
  EXPECT_EQ(read->constraints, r1cs.constraints);
  EXPECT_EQ(read->n_public(), 1u);
  EXPECT_EQ(*groth16::read_wtns(groth16::write_wtns(with_witness.witness())), with_witness.witness());
}

TEST(CircuitBuilder, RemembersTheFirstViolatedConstraint) {
  Builder b(Mode::kWitness);
  const Variable x = b.private_input(Fr::from_u64(2));
  b.constrain(x, x, LC::constant(4), "square");
  b.constrain(x, x, LC::constant(5), "wrong square");
  b.constrain(x, x, LC::constant(6), "also wrong");
  EXPECT_EQ(b.first_violation(), "wrong square (constraint 1)");
  EXPECT_FALSE(satisfied(b));
}

TEST(CircuitBuilder, LinearCombinationsMergeAndCancel) {
  Builder b(Mode::kWitness);
  const Variable x = b.private_input(Fr::from_u64(7));
  const LC lc = LC(x) * Fr::from_u64(3) + LC(x) - LC(x) * Fr::from_u64(4) + LC::constant(9);
  EXPECT_TRUE(lc.is_constant());
  EXPECT_EQ(lc.constant_value(), Fr::from_u64(9));
  EXPECT_EQ(b.value(lc), Fr::from_u64(9));
  EXPECT_EQ(b.value(LC(x) * Fr::from_u64(2) - LC::constant(1)), Fr::from_u64(13));
}

// A circuit proven and verified with the existing Groth16 code (development keys).
TEST(CircuitBuilder, ProvesAndVerifiesWithGroth16) {
  Builder b(Mode::kWitness);
  product_circuit(b, Fr::from_u64(6), Fr::from_u64(7));
  const Variable s = b.private_input(Fr::from_u64(5));
  const Variable inv = inverse(b, s);
  assert_equal(b, mul(b, s, inv), LC::constant(1));
  const auto pk = groth16::development_setup(b.r1cs());
  ASSERT_TRUE(pk.ok()) << pk.error();
  const auto proved = groth16::prove(*pk, b.witness(), Backend::kCpu);
  ASSERT_TRUE(proved.ok()) << proved.error();
  EXPECT_EQ(proved->public_signals, std::vector<Fr>{Fr::from_u64(42)});
  const groth16::PreparedVerifyingKey vk(pk->verifying_key());
  EXPECT_TRUE(*groth16::verify(vk, proved->proof, proved->public_signals));
  EXPECT_FALSE(*groth16::verify(vk, proved->proof, std::vector<Fr>{Fr::from_u64(43)}));
}

TEST(NativeGadgets, MulSelectEqualBoolean) {
  for (const Fr& x : edge_and_random_values()) {
    for (const Fr& y : {Fr::zero(), Fr::one(), kMinusOne, testing::random_element<Fr>()}) {
      Builder b(Mode::kWitness);
      const Variable xv = b.private_input(x), yv = b.private_input(y);
      const Variable p = mul(b, xv, yv);
      EXPECT_EQ(b.value(p), x * y);
      const Variable t = b.private_input(Fr::one()), f = b.private_input(Fr::zero());
      assert_boolean(b, t);
      assert_boolean(b, f);
      const Variable picked = select(b, t, xv, yv), other = select(b, f, xv, yv);
      EXPECT_EQ(b.value(picked), x);
      EXPECT_EQ(b.value(other), y);
      assert_equal(b, p, LC(xv) * y);  // y is a constant here
      EXPECT_TRUE(satisfied(b));
      EXPECT_FALSE(satisfied_with_changed(b, p));
      EXPECT_FALSE(satisfied_with_changed(b, picked));
      EXPECT_FALSE(satisfied_with_changed(b, other));
      EXPECT_FALSE(satisfied_with_changed(b, t, Fr::one()));   // 2 is not boolean
      EXPECT_FALSE(satisfied_with_changed(b, f, kMinusOne));   // r - 1 is not boolean
    }
  }
}

TEST(NativeGadgets, InverseAndIsZero) {
  for (const Fr& x : edge_and_random_values()) {
    Builder b(Mode::kWitness);
    const Variable xv = b.private_input(x);
    const Variable z = is_zero(b, xv);
    EXPECT_EQ(b.value(z), x.is_zero() ? Fr::one() : Fr::zero());
    EXPECT_TRUE(satisfied(b));
    EXPECT_FALSE(satisfied_with_changed(b, z));  // the answer cannot be flipped
    if (x.is_zero()) {
      const Variable inv = inverse(b, xv);  // no inverse of zero: unsatisfiable
      (void)inv;
      EXPECT_FALSE(satisfied(b));
      EXPECT_TRUE(b.first_violation().has_value());
    } else {
      const Variable inv = inverse(b, xv);
      EXPECT_EQ(b.value(inv), x.inverse());
      EXPECT_TRUE(satisfied(b));
      EXPECT_FALSE(satisfied_with_changed(b, inv));
    }
  }
  // is_zero's hint cannot claim 1 for a nonzero x with any m: x * out = 0 forbids it.
  Builder b(Mode::kWitness);
  const Variable xv = b.private_input(Fr::from_u64(9));
  const Variable z = is_zero(b, xv);
  std::vector<Fr> w = b.witness();
  w[b.wire_of(z)] = Fr::one();
  for (const Fr& m : {Fr::zero(), Fr::one(), Fr::from_u64(9).inverse()}) {
    w[b.wire_of(z) - 1] = m;  // the hint's m precedes out
    EXPECT_FALSE(b.r1cs().is_satisfied_by(w));
  }
}

TEST(NativeGadgets, BitsAndRangeChecks) {
  for (const std::size_t bits : {1, 8, 64, 253}) {
    for (const Fr& x : edge_and_random_values()) {
      Builder b(Mode::kWitness);
      const Variable xv = b.private_input(x);
      const auto out = to_bits(b, xv, bits);
      ASSERT_EQ(out.size(), bits);
      EXPECT_EQ(b.constraints(), bits + 1);
      const ff::Limbs limbs = x.to_canonical();
      const bool fits = bits >= 256 || [&] {
        for (std::size_t i = bits; i < 256; ++i) {
          if ((limbs.v[i / 64] >> (i % 64)) & 1) return false;
        }
        return true;
      }();
      EXPECT_EQ(satisfied(b), fits) << "bits " << bits;
      if (!fits) continue;
      EXPECT_EQ(b.value(from_bits(out)), x);
      EXPECT_FALSE(satisfied_with_changed(b, out[0]));         // a bit set to 2 (or 1 - r)
      EXPECT_FALSE(satisfied_with_changed(b, out.back()));
      // Flipping a bit keeps it boolean but breaks the recomposition.
      std::vector<Fr> w = b.witness();
      const std::uint32_t wire = b.wire_of(out[bits / 2]);
      w[wire] = Fr::one() - w[wire];
      EXPECT_FALSE(b.r1cs().is_satisfied_by(w));
    }
  }
  Builder b(Mode::kWitness);
  EXPECT_THROW(to_bits(b, b.private_input(), 254), std::invalid_argument);
}

// The in-circuit Poseidon equals the native one for every width, and the fixture
// circuit's public hash (circomlib's Poseidon(2) of x = 1, y = 2).
TEST(PoseidonGadget, EqualsTheNativeHashAndCircomlib) {
  for (std::size_t n = 1; n <= 5; ++n) {
    std::vector<Fr> inputs;
    for (std::size_t i = 0; i < n; ++i) inputs.push_back(i == 0 ? kMinusOne : testing::random_element<Fr>());
    Builder b(Mode::kWitness);
    std::vector<LC> wires;
    for (const Fr& x : inputs) wires.emplace_back(b.private_input(x));
    const Variable out = poseidon(b, wires);
    EXPECT_EQ(b.value(out), commit::poseidon(inputs)) << "t = " << n + 1;
    EXPECT_TRUE(satisfied(b));
    EXPECT_FALSE(satisfied_with_changed(b, out));
    if (n == 2) std::cout << "poseidon_t3: " << b.constraints() << " constraints\n";
  }
  Builder b(Mode::kWitness);
  const std::vector<LC> xy{b.private_input(Fr::from_u64(1)), b.private_input(Fr::from_u64(2))};
  const auto expected = ff::field_from_decimal<Fr>("7853200120776062878684798364095072458815029376092732009249414926327459813530");
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(b.value(poseidon(b, xy)), *expected);
  // Any hinted wire changed breaks it (each is a product its constraint fixes).
  testing::expect_each_change_breaks(b, testing::positions_from(b, 3));
}

}  // namespace
}  // namespace proofagg::circuit

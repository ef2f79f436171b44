// A small committed circuit (non-native Fq products and a range check, so both the
// deferred products and the lookup are in it) with a development key and an honest
// (or false) witness: what the commitment tests prove and verify, natively and in
// circuits.
#pragma once

#include <gtest/gtest.h>

#include <functional>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/builder.hpp"
#include "aggregator/circuit/std/fq.hpp"
#include "aggregator/groth16/commitment.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "tests/support/random.hpp"

namespace proofagg::testing {

using circuit::Builder;
using ff::Fq;
using ff::Fr;
using groth16::ProvingKey;
using groth16::R1cs;
using groth16::WireRange;

// x and `claimed` (four 64-bit limbs) public, a and c in Fq private:
// a^2 = c claimed, and x < 2^20.
inline void describe_committed(Builder& b, const Fr& x, const Fq& a, const Fq& c_value, const Fq& c_claimed) {
  const circuit::Variable xv = b.public_input(x);
  circuit::EmulatedFq fq(b);
  const auto limbs = c_claimed.to_canonical();
  circuit::FqVar claimed;
  for (const std::uint64_t limb : limbs.v) {
    claimed.limbs.emplace_back(b.public_input(Fr::from_u64(limb)));
    claimed.bits.push_back(64);
  }
  const circuit::FqVar av = fq.private_input(a), cv = fq.private_input(c_value);
  fq.assert_equal(fq.mul(av, av), fq.mul(cv, claimed));
  circuit::range_check(b, xv, 20);
}

struct Committed {
  ProvingKey key;
  std::vector<Fr> witness;
  std::vector<Fr> statement;
};

// a^2 = c * claimed; honest: claimed = a^2 / c.
inline Committed build_committed(const std::function<Result<ProvingKey>(const R1cs&, WireRange)>& setup, bool honest = true) {
  const Fq a = testing::random_element<Fq>(), c = testing::random_element<Fq>();
  const Fq claimed = honest ? a * a * c.inverse() : a;
  const Fr x = Fr::from_u64(777);
  Builder shape(Builder::Mode::kConstraints, Builder::Arithmetic::kCommitted);
  describe_committed(shape, x, a, c, claimed);
  shape.finalize();
  const auto [begin, end] = shape.committed_wires();
  auto key = setup(shape.r1cs(), WireRange{begin, end});
  EXPECT_TRUE(key.ok()) << key.error();
  Committed out{std::move(*key), {}, {}};
  Builder b(Builder::Mode::kWitness, Builder::Arithmetic::kCommitted, groth16::challenge_for(*out.key.commitment));
  describe_committed(b, x, a, c, claimed);
  b.finalize();
  out.witness = b.witness();
  out.statement.assign(out.witness.begin() + 1, out.witness.begin() + out.key.n_public);
  return out;
}

}  // namespace proofagg::testing

// Committed arithmetic (Builder::Arithmetic::kCommitted): the challenge and its
// commitment boundary, deferred checks, evaluations at the challenge, and the
// log-derivative range lookup — accepting every value in range, refusing the first
// one past it, and broken by a change of any chunk, multiplicity or inverse.
#include <gtest/gtest.h>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/builder.hpp"
#include "aggregator/circuit/lookup.hpp"
#include "tests/support/circuits.hpp"
#include "tests/support/random.hpp"

namespace proofagg::circuit {
namespace {

using Mode = Builder::Mode;
using Arithmetic = Builder::Arithmetic;
using testing::satisfied;

Fr two_to(std::size_t k) {
  ff::Limbs limbs{};
  limbs.v[k / 64] = std::uint64_t{1} << (k % 64);
  return Fr::from_canonical(limbs);
}

TEST(CommittedBuilder, TheChallengeComesAfterEveryCommittedWire) {
  std::vector<Fr> seen_publics, seen_committed;
  Builder b(Mode::kWitness, Arithmetic::kCommitted, [&](std::span<const Fr> publics, std::span<const Fr> committed) {
    seen_publics.assign(publics.begin(), publics.end());
    seen_committed.assign(committed.begin(), committed.end());
    return Fr::from_u64(1234);
  });
  const Variable x = b.public_input(Fr::from_u64(5));
  const Variable y = b.private_input(Fr::from_u64(6));
  const Variable xy = mul(b, x, y);
  EXPECT_THROW((void)b.challenge(), std::logic_error);
  EXPECT_THROW((void)b.r1cs(), std::logic_error);
  bool ran = false;
  b.defer([&] {
    ran = true;
    EXPECT_EQ(b.value(b.challenge()), Fr::from_u64(1234));
    EXPECT_THROW(b.defer([] {}), std::logic_error);
    EXPECT_THROW(b.lookup_range_check(x, 8), std::logic_error);
    EXPECT_THROW((void)b.private_input(), std::logic_error);
  });
  EXPECT_FALSE(ran);
  b.finalize();
  EXPECT_TRUE(ran);
  b.finalize();  // idempotent
  EXPECT_EQ(seen_publics, std::vector<Fr>{Fr::from_u64(5)});
  EXPECT_EQ(seen_committed, (std::vector<Fr>{Fr::from_u64(6), Fr::from_u64(30)}));
  // The challenge is the last public input; the committed wires follow the publics.
  EXPECT_EQ(b.public_inputs(), 2u);
  EXPECT_EQ(b.wire_of(b.challenge()), 2u);
  EXPECT_EQ(b.committed_wires(), (std::pair<std::uint32_t, std::uint32_t>{3, 5}));
  EXPECT_EQ(b.wire_of(y), 3u);
  EXPECT_EQ(b.wire_of(xy), 4u);
  EXPECT_TRUE(satisfied(b));
}

TEST(CommittedBuilder, PlainCircuitsRefuseCommittedOperations) {
  Builder b(Mode::kWitness);
  EXPECT_THROW(b.defer([] {}), std::logic_error);
  EXPECT_THROW((void)b.challenge(), std::logic_error);
  EXPECT_THROW(b.lookup_range_check(LC::constant(1), 8), std::logic_error);
  b.finalize();
  EXPECT_NO_THROW((void)b.r1cs());
}

TEST(CommittedBuilder, EvaluationsAtTheChallengeAreSharedAndCorrect) {
  Builder b(Mode::kWitness, Arithmetic::kCommitted);
  std::vector<LC> poly;
  std::vector<Fr> values;
  for (int i = 0; i < 5; ++i) {
    values.push_back(testing::random_element<Fr>());
    poly.emplace_back(b.private_input(values.back()));
  }
  poly[2] += LC(Fr::from_u64(7));  // a constant term in a coefficient
  values[2] = values[2] + Fr::from_u64(7);
  b.defer([&] {
    const Fr t = b.value(b.challenge());
    const LC first = b.evaluate(poly);
    Fr expected = Fr::zero(), power = Fr::one();
    for (const Fr& v : values) expected = expected + v * power, power = power * t;
    EXPECT_EQ(b.value(first), expected);
    const std::size_t before = b.constraints();
    const LC again = b.evaluate(poly);
    EXPECT_EQ(b.constraints(), before) << "a second evaluation reuses every product";
    EXPECT_EQ(b.value(again), expected);
  });
  EXPECT_TRUE(satisfied(b));
  testing::expect_each_change_breaks(b, testing::positions_from(b, 7));
}

TEST(RangeLookup, AcceptsTheRangeAndRefusesThePastIt) {
  for (const int chunk_bits : {0, 4, 16}) {  // 0: the builder chooses
    for (const std::size_t bits : {1u, 3u, 4u, 12u, 16u, 17u, 64u, 70u, 253u}) {
      if (chunk_bits == 16 && bits != 16 && bits != 17 && bits != 70) continue;  // 2^16 rows each: a few
      for (const bool over : {false, true}) {
        Builder b(Mode::kWitness, Arithmetic::kCommitted);
        if (chunk_bits != 0) b.set_lookup_chunk_bits(chunk_bits);
        const Fr top = two_to(bits) - Fr::one();
        range_check(b, b.private_input(over ? two_to(bits) : top), bits);
        range_check(b, b.private_input(Fr::zero()), bits);
        EXPECT_EQ(satisfied(b), !over) << bits << " bits, chunks of " << chunk_bits;
      }
    }
  }
  // r - 1 (as a "negative" value) is not below 2^253.
  Builder b(Mode::kWitness, Arithmetic::kCommitted);
  range_check(b, b.private_input(-Fr::one()), 253);
  EXPECT_FALSE(satisfied(b));
}

TEST(RangeLookup, EveryChunkMultiplicityAndInverseIsPinnedDown) {
  for (const int chunk_bits : {3, 4}) {  // small tables: each change rechecks the whole system
    Builder b(Mode::kWitness, Arithmetic::kCommitted);
    b.set_lookup_chunk_bits(chunk_bits);
    for (const std::size_t bits : {3u, 8u, 30u}) range_check(b, b.private_input(Fr::from_u64(5)), bits);
    const std::uint32_t first_internal = static_cast<std::uint32_t>(b.wires());
    b.finalize();
    EXPECT_EQ(b.lookup_table_rows(), std::size_t{1} << chunk_bits);
    testing::expect_each_change_breaks(b, testing::positions_from(b, first_internal));
  }
}

// Values hinted as their chunks (range_checked_hint with a fixed chunk width): the
// chunks are the queries, the value is a defined wire that nothing recomposes, and a
// top chunk past its width is refused as a recomposed value's would be.
TEST(RangeLookup, ChunkedValuesAreRangeCheckedWithoutARecomposition) {
  for (const std::size_t bits : {4u, 10u, 64u}) {
    for (const bool over : {false, true}) {
      Builder b(Mode::kWitness, Arithmetic::kCommitted);
      b.set_lookup_chunk_bits(4);
      std::vector<Variable> chunks;
      for (std::size_t at = 0; at < bits; at += 4) {
        const bool top = at + 4 >= bits;
        const std::uint64_t top_max = (std::uint64_t{1} << (bits - at)) - 1;
        chunks.push_back(b.private_input(Fr::from_u64(top ? (over ? top_max + 1 : top_max) : 15)));
      }
      const std::size_t constraints = b.constraints(), wires = b.wires();
      const Variable value = b.lookup_chunked_value(chunks, bits);
      EXPECT_EQ(b.constraints(), constraints);
      EXPECT_EQ(b.wires(), wires) << "a defined wire is no wire of the system";
      Fr expected = Fr::zero();
      for (std::size_t k = chunks.size(); k-- > 0;) expected = expected * Fr::from_u64(16) + b.value(chunks[k]);
      EXPECT_EQ(b.value(value), expected);
      // Used in a constraint, it is exported as its definition.
      assert_equal(b, value, LC(expected));
      // bits = 4 with over: the chunk is 16, past the table itself.
      EXPECT_EQ(satisfied(b), !over) << bits << " bits";
    }
  }
  Builder b(Mode::kWitness, Arithmetic::kCommitted);
  b.set_lookup_chunk_bits(4);
  const std::vector<Variable> alone{b.private_input()};
  EXPECT_EQ(b.lookup_chunked_value(alone, 4), alone[0]) << "one chunk is the value itself";
  EXPECT_THROW(b.set_lookup_chunk_bits(8), std::logic_error) << "the width is fixed before any range check";
}

TEST(RangeCheckedHint, GivesTheHintedValuesProvenInRangeInEveryConfiguration) {
  for (const int chunk_bits : {-1, 0, 4}) {  // -1: plain; 0: committed, width chosen later
    Builder b(Mode::kWitness, chunk_bits < 0 ? Arithmetic::kPlain : Arithmetic::kCommitted);
    if (chunk_bits > 0) b.set_lookup_chunk_bits(chunk_bits);
    const Variable input = b.private_input(Fr::from_u64(1000));
    const std::vector<LC> inputs{input};
    const std::vector<std::size_t> widths{10, 3, 64};
    const auto out = range_checked_hint(b, widths, inputs, [](std::span<const Fr> in) {
      return std::vector<Fr>{in[0] + Fr::one(), Fr::from_u64(7), Fr::from_u64(~std::uint64_t{0})};
    });
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(b.value(out[0]), Fr::from_u64(1001));
    EXPECT_EQ(b.value(out[1]), Fr::from_u64(7));
    EXPECT_EQ(b.value(out[2]), Fr::from_u64(~std::uint64_t{0}));
    assert_equal(b, out[0], LC(input) + LC(Fr::one()));
    EXPECT_EQ(range_check_granularity(b), chunk_bits > 0 ? 4u : 1u);
    const std::uint32_t first_internal = 2;  // the wire after the one input
    testing::expect_each_change_breaks(b, testing::positions_from(b, first_internal));
  }
}

TEST(RangeLookup, ChoosesTheCheapestChunkWidth) {
  const auto rows_for = [](std::size_t checks) {
    Builder b(Mode::kConstraints, Arithmetic::kCommitted);
    for (std::size_t i = 0; i < checks; ++i) range_check(b, b.private_input(), 64);
    b.finalize();
    return b.lookup_table_rows();
  };
  EXPECT_LT(rows_for(1), rows_for(20000));
  EXPECT_GE(rows_for(20000), std::size_t{1} << 12);
  Builder b(Mode::kConstraints, Arithmetic::kCommitted);
  EXPECT_THROW(b.set_lookup_chunk_bits(17), std::invalid_argument);
  EXPECT_THROW(b.set_lookup_chunk_bits(1), std::invalid_argument);
}

}  // namespace
}  // namespace proofagg::circuit

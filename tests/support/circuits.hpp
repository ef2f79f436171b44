// Checks the circuit tests share: whether a builder's witness satisfies its system,
// and that changing any one of some witness values breaks it (the values a prover
// could lie about are pinned down by the constraints).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>

#include "aggregator/circuit/builder.hpp"

namespace proofagg::testing {

// Finalizes the builder first (a committed circuit's deferred checks).
inline bool satisfied(circuit::Builder& b) {
  b.finalize();
  return b.r1cs().is_satisfied_by(b.witness());
}

// The same from the values checked while building (no export of the system: for
// circuits of millions of constraints).
inline bool no_violation(circuit::Builder& b) {
  b.finalize();
  return !b.first_violation().has_value();
}

inline constexpr circuit::Builder::Arithmetic kBothArithmetics[] = {circuit::Builder::Arithmetic::kPlain,
                                                                    circuit::Builder::Arithmetic::kCommitted};
inline const char* arithmetic_label(circuit::Builder::Arithmetic arithmetic) {
  return arithmetic == circuit::Builder::Arithmetic::kPlain ? "plain" : "committed";
}
inline std::string arithmetic_name(const ::testing::TestParamInfo<circuit::Builder::Arithmetic>& info) {
  return info.param == circuit::Builder::Arithmetic::kPlain ? "Plain" : "Committed";
}

// A value-parameterized test suite run in both arithmetics (GetParam()).
#define PROOFAGG_IN_BOTH_ARITHMETICS(Suite)                                                              \
  class Suite : public ::testing::TestWithParam<::proofagg::circuit::Builder::Arithmetic> {};           \
  INSTANTIATE_TEST_SUITE_P(Arithmetic, Suite, ::testing::ValuesIn(::proofagg::testing::kBothArithmetics), \
                           ::proofagg::testing::arithmetic_name)

// Constraints of a finalized circuit, less a committed circuit's lookup table (paid
// once per circuit, shared by everything it range-checks).
inline std::size_t constraints_without_table(circuit::Builder& b) {
  b.finalize();
  return b.constraints() - b.lookup_table_rows();
}

// Adds 1 to each listed witness position in turn; every change must break the system.
inline void expect_each_change_breaks(circuit::Builder& b, std::span<const std::uint32_t> positions) {
  b.finalize();
  const auto r1cs = b.r1cs();
  const auto w = b.witness();
  ASSERT_TRUE(r1cs.is_satisfied_by(w));
  for (const std::uint32_t i : positions) {
    auto changed = w;
    changed[i] = changed[i] + ff::Fr::one();
    EXPECT_FALSE(r1cs.is_satisfied_by(changed)) << "witness position " << i << " of " << w.size() << " is not pinned down";
  }
}

// Positions first .. the end of the witness.
inline std::vector<std::uint32_t> positions_from(const circuit::Builder& b, std::uint32_t first) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = first; i < b.wires(); ++i) out.push_back(i);
  return out;
}

}  // namespace proofagg::testing

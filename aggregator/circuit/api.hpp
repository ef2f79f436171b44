// Gadgets over the native field Fr (BN254's scalar field, the field of the
// constraints): the vocabulary the non-native gadgets of circuit/std/ are written in.
// Each says what it constrains and why that pins down its hints.
#pragma once

#include <span>
#include <vector>

#include "aggregator/circuit/builder.hpp"

namespace proofagg::circuit {

// A new wire equal to a * b (one constraint, labelled `label` for first_violation).
Variable mul(Builder& b, const LC& x, const LC& y, const char* label = "mul");

// a == b (one constraint: (a - b) * 1 = 0).
void assert_equal(Builder& b, const LC& x, const LC& y);

// x in {0, 1}: x * (1 - x) = 0 has no other root in a field.
void assert_boolean(Builder& b, const LC& x);

// condition ? if_true : if_false, for a condition the caller has constrained to be
// boolean: r - if_false = condition * (if_true - if_false) (one constraint).
Variable select(Builder& b, const LC& condition, const LC& if_true, const LC& if_false);

// 1/x by hint, with x * inv = 1: unsatisfiable when x = 0, so it also asserts x != 0.
Variable inverse(Builder& b, const LC& x);

// 1 when x = 0, else 0. Hint m = 1/x (0 for x = 0) and out = 1 - x m, with
// x * out = 0: for x != 0 that forces out = 0 (whatever m a prover picks, and then
// x m = 1 pins m); for x = 0 it forces out = 1 - 0 = 1. Two constraints.
Variable is_zero(Builder& b, const LC& x);

// x as `bits` little-endian bits, each boolean, recomposing to x: bits + 1
// constraints. bits <= 253, so that sum b_i 2^i < 2^253 < r cannot wrap around the
// modulus: the decomposition is unique, and it proves 0 <= x < 2^bits.
std::vector<Variable> to_bits(Builder& b, const LC& x, std::size_t bits);
// x as its 254 little-endian bits, the canonical encoding: boolean, recomposing to
// x, and proven below r by assert_below_r (254 bits alone could also hold x + r).
std::vector<Variable> to_bits_below_r(Builder& b, const LC& x);
// sum_i bits[i] 2^i <= r - 1 for 254 boolean-constrained little-endian bits, from
// the top bit down: while the prefix equals r - 1's, a bit where r - 1 has 0 must be
// 0 (one constraint per bit).
void assert_below_r(Builder& b, std::span<const Variable> bits);
// sum_i bits[i] 2^i, no constraint.
LC from_bits(std::span<const Variable> bits);
// 0 <= x < 2^bits: the decomposition of to_bits (discarded) in a plain circuit, the
// log-derivative lookup (lookup.hpp) in a committed one.
void range_check(Builder& b, const LC& x, std::size_t bits);
// New values computed by `hint` from `inputs`, the i-th proven in [0, 2^bits[i]). In
// a committed circuit whose lookup chunk width is fixed (set_lookup_chunk_bits) each
// is hinted as its chunks and returned as the wire they define
// (Builder::lookup_chunked_value), so no constraint recomposes it (one fewer than a
// wire and range_check). Otherwise a wire and range_check: a
// plain circuit's values as sums of their bits would make every combination that
// uses them 64 terms long.
std::vector<LC> range_checked_hint(Builder& b, std::span<const std::size_t> bits, std::span<const LC> inputs,
                                   const Hint& hint);
// The granularity of range checks: a bound of k chunks costs the same for any width
// in ((k - 1) g, k g] (the lookup's chunk width when fixed, else 1).
std::size_t range_check_granularity(const Builder& b);

inline constexpr std::size_t kMaxRangeBits = 253;

}  // namespace proofagg::circuit

#include "aggregator/circuit/api.hpp"

#include <stdexcept>

#include "kernels/ff/limbs.hpp"

namespace proofagg::circuit {

Variable mul(Builder& b, const LC& x, const LC& y, const char* label) {
  const std::vector<LC> in{x, y};
  const Variable out = b.hint1(in, [](std::span<const Fr> v) { return v[0] * v[1]; });
  b.constrain(x, y, out, label);
  return out;
}

void assert_equal(Builder& b, const LC& x, const LC& y) { b.constrain(x - y, LC::constant(1), LC(), "assert_equal"); }

void assert_boolean(Builder& b, const LC& x) { b.constrain(x, LC::constant(1) - x, LC(), "assert_boolean"); }

Variable select(Builder& b, const LC& condition, const LC& if_true, const LC& if_false) {
  const std::vector<LC> in{condition, if_true, if_false};
  const Variable out = b.hint1(in, [](std::span<const Fr> v) { return v[0].is_zero() ? v[2] : v[1]; });
  b.constrain(condition, if_true - if_false, LC(out) - if_false, "select");
  return out;
}

Variable inverse(Builder& b, const LC& x) {
  const std::vector<LC> in{x};
  const Variable inv = b.hint1(in, [](std::span<const Fr> v) { return v[0].is_zero() ? Fr::zero() : v[0].inverse(); });
  b.constrain(x, inv, LC::constant(1), "inverse");
  return inv;
}

Variable is_zero(Builder& b, const LC& x) {
  const std::vector<LC> in{x};
  const auto hinted = b.hint(2, in, [](std::span<const Fr> v) {
    const Fr m = v[0].is_zero() ? Fr::zero() : v[0].inverse();
    return std::vector<Fr>{m, v[0].is_zero() ? Fr::one() : Fr::zero()};
  });
  const Variable m = hinted[0], out = hinted[1];
  b.constrain(x, m, LC::constant(1) - out, "is_zero: x m = 1 - out");
  b.constrain(x, out, LC(), "is_zero: x out = 0");
  return out;
}

namespace {

// `count` boolean bits of x's canonical integer, recomposing to x.
std::vector<Variable> recomposing_bits(Builder& b, const LC& x, std::size_t count) {
  const std::vector<LC> in{x};
  const auto out = b.hint(count, in, [count](std::span<const Fr> v) {
    const ff::Limbs limbs = v[0].to_canonical();
    std::vector<Fr> bit_values(count);
    for (std::size_t i = 0; i < count; ++i) bit_values[i] = Fr::from_u64((limbs.v[i / 64] >> (i % 64)) & 1);
    return bit_values;
  });
  for (const Variable bit : out) assert_boolean(b, bit);
  b.constrain(from_bits(out), LC::constant(1), x, "to_bits: recomposition");
  return out;
}

}  // namespace

std::vector<Variable> to_bits(Builder& b, const LC& x, std::size_t bits) {
  if (bits > kMaxRangeBits) throw std::invalid_argument("to_bits: more than 253 bits would wrap around r");
  return recomposing_bits(b, x, bits);
}

std::vector<Variable> to_bits_below_r(Builder& b, const LC& x) {
  const auto bits = recomposing_bits(b, x, 254);
  assert_below_r(b, bits);
  return bits;
}

void assert_below_r(Builder& b, std::span<const Variable> bits) {
  // From the top: `equal` says the prefix so far equals r - 1's.
  ff::Limbs bound = ff::FrParams::modulus();
  bound.v[0] -= 1;  // r is odd
  LC equal = LC::constant(1);
  for (std::size_t i = bits.size(); i-- > 0;) {
    if ((bound.v[i / 64] >> (i % 64)) & 1) {
      equal = LC(mul(b, equal, bits[i]));  // stays equal only with a 1 here
    } else {
      b.constrain(equal, bits[i], LC(), "canonical bits: below r");  // a 1 here would exceed r - 1
    }
  }
}

LC from_bits(std::span<const Variable> bits) {
  LC sum;
  Fr power = Fr::one();
  for (const Variable bit : bits) {
    sum += LC(bit) * power;
    power = power + power;
  }
  return sum;
}

void range_check(Builder& b, const LC& x, std::size_t bits) {
  if (b.committed()) {
    b.lookup_range_check(x, bits);
  } else {
    (void)to_bits(b, x, bits);
  }
}

std::size_t range_check_granularity(const Builder& b) {
  return b.committed() ? b.fixed_lookup_chunk_bits().value_or(1) : 1;
}

std::vector<LC> range_checked_hint(Builder& b, std::span<const std::size_t> bits, std::span<const LC> inputs,
                                   const Hint& hint) {
  for (const std::size_t n : bits) {
    if (n == 0 || n > kMaxRangeBits) throw std::invalid_argument("range_checked_hint: 1 to 253 bits");
  }
  std::vector<LC> out;
  if (!b.committed() || !b.fixed_lookup_chunk_bits()) {
    const auto wires = b.hint(bits.size(), inputs, hint);
    for (std::size_t i = 0; i < wires.size(); ++i) {
      range_check(b, wires[i], bits[i]);
      out.emplace_back(wires[i]);
    }
    return out;
  }
  const std::size_t chunk = *b.fixed_lookup_chunk_bits();
  std::vector<std::size_t> first(bits.size() + 1, 0);  // each value's first chunk
  for (std::size_t i = 0; i < bits.size(); ++i) first[i + 1] = first[i] + (bits[i] + chunk - 1) / chunk;
  const auto chunks = b.hint(first.back(), inputs, [&](std::span<const Fr> in) {
    const std::vector<Fr> values = hint(in);
    std::vector<Fr> chunk_values;
    chunk_values.reserve(first.back());
    for (std::size_t i = 0; i < bits.size(); ++i) {
      const ff::Limbs v = values[i].to_canonical();
      for (std::size_t at = 0; at < bits[i]; at += chunk) {
        std::uint64_t word = 0;
        for (std::size_t k = 0; k < chunk && at + k < bits[i]; ++k) word |= ((v.v[(at + k) / 64] >> ((at + k) % 64)) & 1) << k;
        chunk_values.push_back(Fr::from_u64(word));
      }
    }
    return chunk_values;
  });
  for (std::size_t i = 0; i < bits.size(); ++i) {
    const std::span<const Variable> own(chunks.data() + first[i], first[i + 1] - first[i]);
    out.emplace_back(b.lookup_chunked_value(own, bits[i]));
  }
  return out;
}

}  // namespace proofagg::circuit

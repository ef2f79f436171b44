#include "aggregator/commit/poseidon.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "kernels/ff/batch_inverse.hpp"

namespace proofagg::commit {
namespace {

using ff::Fr;
using ff::Limbs;

constexpr std::size_t kMaxWidth = kPoseidonMaxInputs + 1;
constexpr int kFullRounds = 8;
constexpr int kFieldBits = 254;
// R_P for t = 2..17: circomlib's table (the paper's 128-bit security numbers, rounded up).
constexpr std::array<int, kMaxWidth - 1> kPartialRounds = {56, 57, 56, 60, 60, 63, 64, 63,
                                                           60, 66, 60, 65, 70, 60, 64, 68};

// The reference's Grain LFSR: b_{i+80} = b_{i+62} ^ b_{i+51} ^ b_{i+38} ^ b_{i+23} ^ b_{i+13} ^ b_i,
// read in self-shrinking mode (of each pair of bits, the second is output when the
// first is 1).
class Grain {
 public:
  Grain(std::size_t width, int partial_rounds) {
    std::size_t n = 0;
    const auto append = [&](std::uint64_t value, int bits) {
      for (int i = bits - 1; i >= 0; --i) bits_[n++] = (value >> i) & 1;
    };
    append(1, 2);  // field: GF(p)
    append(0, 4);  // S-box: x^alpha
    append(kFieldBits, 12);
    append(width, 12);
    append(kFullRounds, 10);
    append(static_cast<std::uint64_t>(partial_rounds), 10);
    append((std::uint64_t{1} << 30) - 1, 30);
    for (int i = 0; i < 160; ++i) step();
  }

  // The next 254 output bits as an integer, first bit most significant.
  Limbs draw() {
    Limbs value{};
    for (int bit = kFieldBits - 1; bit >= 0; --bit) {
      value.v[bit / 64] |= std::uint64_t{next_bit()} << (bit % 64);
    }
    return value;
  }

 private:
  static constexpr std::size_t kSize = 80;

  bool at(std::size_t i) const { return bits_[(oldest_ + i) % kSize]; }

  bool step() {
    const bool bit = at(62) ^ at(51) ^ at(38) ^ at(23) ^ at(13) ^ at(0);
    bits_[oldest_] = bit;  // the oldest bit leaves, the new one enters at the end
    oldest_ = (oldest_ + 1) % kSize;
    return bit;
  }

  bool next_bit() {
    for (;;) {
      const bool keep = step();
      const bool bit = step();
      if (keep) return bit;
    }
  }

  std::array<bool, kSize> bits_{};
  std::size_t oldest_ = 0;
};

// The reference redraws all 2t values until they are distinct and no x_i + y_j is
// zero (never needed for these widths, but it is part of the procedure).
bool is_cauchy_basis(std::span<const Fr> xs_then_ys) {
  const std::size_t t = xs_then_ys.size() / 2;
  for (std::size_t a = 0; a < xs_then_ys.size(); ++a) {
    for (std::size_t b = a + 1; b < xs_then_ys.size(); ++b) {
      if (xs_then_ys[a] == xs_then_ys[b]) return false;
    }
  }
  for (std::size_t i = 0; i < t; ++i) {
    for (std::size_t j = 0; j < t; ++j) {
      if ((xs_then_ys[i] + xs_then_ys[t + j]).is_zero()) return false;
    }
  }
  return true;
}

PoseidonParameters generate(std::size_t width) {
  PoseidonParameters p;
  p.width = width;
  p.full_rounds = kFullRounds;
  p.partial_rounds = kPartialRounds[width - 2];
  Grain grain(width, p.partial_rounds);
  const Limbs r = ff::FrParams::modulus();

  const std::size_t constants = static_cast<std::size_t>(p.full_rounds + p.partial_rounds) * width;
  p.round_constants.reserve(constants);
  while (p.round_constants.size() < constants) {
    const Limbs value = grain.draw();
    if (ff::limbs_less(value, r)) p.round_constants.push_back(Fr::from_canonical(value));  // else redraw
  }

  std::vector<Fr> xs_then_ys(2 * width);
  do {
    // Read as field elements, so reduced mod r rather than redrawn.
    for (Fr& v : xs_then_ys) v = Fr::from_canonical(ff::limbs_reduce(grain.draw(), r));
  } while (!is_cauchy_basis(xs_then_ys));
  p.mds.resize(width * width);
  for (std::size_t i = 0; i < width; ++i) {
    for (std::size_t j = 0; j < width; ++j) p.mds[i * width + j] = xs_then_ys[i] + xs_then_ys[width + j];
  }
  ff::batch_inverse(std::span<Fr>(p.mds));
  return p;
}

// 512-bit a + b; callers add at most four products below r^2, which cannot overflow.
ff::WideLimbs wide_add(const ff::WideLimbs& a, const ff::WideLimbs& b) {
  ff::WideLimbs sum;
  std::uint64_t carry = 0;
  for (int i = 0; i < 2 * ff::kLimbs; ++i) sum.v[i] = ff::add_carry(a.v[i], b.v[i], carry);
  return sum;
}

// sum_j row[j] state[j] with lazy reduction: up to four products add up unreduced
// (4 r^2 < r 2^256, what Montgomery reduction accepts), then one reduction.
Fr dot(const Fr* row, const Fr* state, std::size_t t) {
  Fr sum = Fr::zero();
  for (std::size_t j = 0; j < t; j += 4) {
    ff::WideLimbs acc = Fr::mul_wide(row[j], state[j]);
    for (std::size_t k = j + 1; k < std::min(j + 4, t); ++k) acc = wide_add(acc, Fr::mul_wide(row[k], state[k]));
    sum += Fr::redc(acc);
  }
  return sum;
}

Fr pow5(const Fr& x) {
  const Fr x2 = x.square();
  return x2.square() * x;
}

}  // namespace

const PoseidonParameters& poseidon_parameters(std::size_t width) {
  if (width < 2 || width > kMaxWidth) {
    throw std::invalid_argument("Poseidon width " + std::to_string(width) + " is outside 2.." +
                                std::to_string(kMaxWidth));
  }
  static std::array<std::once_flag, kMaxWidth + 1> generated;
  static std::array<std::unique_ptr<const PoseidonParameters>, kMaxWidth + 1> cache;
  std::call_once(generated[width], [width] {
    cache[width] = std::make_unique<const PoseidonParameters>(generate(width));
  });
  return *cache[width];
}

Fr poseidon(std::span<const Fr> inputs) {
  if (inputs.empty() || inputs.size() > kPoseidonMaxInputs) {
    throw std::invalid_argument("Poseidon takes 1.." + std::to_string(kPoseidonMaxInputs) +
                                " inputs, not " + std::to_string(inputs.size()));
  }
  const PoseidonParameters& p = poseidon_parameters(inputs.size() + 1);
  const std::size_t t = p.width;
  std::array<Fr, kMaxWidth> state{};
  std::copy(inputs.begin(), inputs.end(), state.begin() + 1);

  const int first_partial = p.full_rounds / 2;
  const int after_partial = first_partial + p.partial_rounds;
  const Fr* constants = p.round_constants.data();
  for (int round = 0; round < p.full_rounds + p.partial_rounds; ++round, constants += t) {
    for (std::size_t i = 0; i < t; ++i) state[i] += constants[i];
    if (round < first_partial || round >= after_partial) {
      for (std::size_t i = 0; i < t; ++i) state[i] = pow5(state[i]);
    } else {
      state[0] = pow5(state[0]);
    }
    std::array<Fr, kMaxWidth> mixed;
    for (std::size_t i = 0; i < t; ++i) mixed[i] = dot(&p.mds[i * t], state.data(), t);
    state = mixed;
  }
  return state[0];
}

}  // namespace proofagg::commit

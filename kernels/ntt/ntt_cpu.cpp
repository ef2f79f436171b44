#include "kernels/ntt/ntt_cpu.hpp"

#include <bit>
#include <cstdint>

#include "kernels/core/parallel.hpp"
#include "kernels/ntt/butterfly.hpp"
#include "kernels/ntt/twiddles.hpp"

namespace proofagg::ntt::cpu {
namespace {

// Butterflies whose whole working set (2^15 elements, 1 MiB) fits in a core's L2
// run stage after stage inside one block; larger spans stream through memory two
// stages (one radix-4 pass) at a time.
constexpr int kBlockLog = 15;
constexpr std::size_t kMinParallel = std::size_t{1} << 12;

template <bool kInverse>
Stage<kInverse> stage_at(int s) {
  return {twiddle_stage(s).data(), std::size_t{1} << s};
}

// Radix-4 butterflies k in [begin, end) of stages s and s - 1 on array a.
template <bool kInverse, bool kDif>
void quads(Fr* a, int s, std::size_t begin, std::size_t end) {
  const Stage<kInverse> outer = stage_at<kInverse>(s);
  const Stage<kInverse> inner = stage_at<kInverse>(s - 1);
  const std::size_t q = inner.h;
  for (std::size_t k = begin; k < end; ++k) {
    const std::size_t j = k & (q - 1);
    Fr* p = a + ((k >> (s - 1)) << (s + 1)) + j;
    radix4<kInverse, kDif, Fr&>(outer, inner, p[0], p[q], p[2 * q], p[3 * q], j);
  }
}

// Radix-2 butterflies k in [begin, end) of stage s on array a.
template <bool kInverse, bool kDif>
void pairs(Fr* a, int s, std::size_t begin, std::size_t end) {
  const Stage<kInverse> stage = stage_at<kInverse>(s);
  for (std::size_t k = begin; k < end; ++k) {
    const std::size_t j = k & (stage.h - 1);
    Fr* p = a + ((k >> s) << (s + 1)) + j;
    if constexpr (kDif) {
      stage.dif(p[0], p[stage.h], j);
    } else {
      stage.dit(p[0], p[stage.h], j);
    }
  }
}

// Stages lo .. hi on a[0, len), two per sweep (radix 4) and one radix-2 sweep when
// their number is odd; DIF runs them from hi down, DIT from lo up. sweep(count, f)
// runs f(begin, end) over [0, count), in parallel or not.
template <bool kInverse, bool kDif, class Sweep>
void stages(Fr* a, std::size_t len, int lo, int hi, Sweep&& sweep) {
  const auto quad_sweep = [&](int s) { sweep(len / 4, [&](std::size_t b, std::size_t e) { quads<kInverse, kDif>(a, s, b, e); }); };
  const auto pair_sweep = [&](int s) { sweep(len / 2, [&](std::size_t b, std::size_t e) { pairs<kInverse, kDif>(a, s, b, e); }); };
  if constexpr (kDif) {
    int s = hi;
    for (; s - 1 >= lo; s -= 2) quad_sweep(s);
    if (s == lo) pair_sweep(s);
  } else {
    int s = lo;
    if ((hi - lo + 1) % 2 == 1) pair_sweep(s++);
    for (; s + 1 <= hi; s += 2) quad_sweep(s + 1);
  }
}

// Stages log_block .. log_n - 1 stream over the whole array, every thread on a slice.
template <bool kInverse, bool kDif>
void streaming_stages(Fr* a, int log_n, int log_block) {
  stages<kInverse, kDif>(a, std::size_t{1} << log_n, log_block, log_n - 1, [](std::size_t count, auto&& f) {
    parallel_chunks(count, kMinParallel, f);
  });
}

// Stages 0 .. log_block - 1 stay inside aligned blocks of 2^log_block elements: one
// thread takes a block through all of them while it sits in its L2.
template <bool kInverse, bool kDif>
void blocked_stages(Fr* a, std::size_t n, int log_block) {
  const std::size_t block = std::size_t{1} << log_block;
  parallel_for(n / block, 2, [&](std::size_t b) {
    stages<kInverse, kDif>(a + b * block, block, 0, log_block - 1, [](std::size_t count, auto&& f) { f(0, count); });
  });
}

// Blocks small enough for L2, and at least one per thread once the array is big
// enough to be worth splitting.
int block_log(int log_n) {
  int log_block = std::min(log_n, kBlockLog);
  const std::size_t n = std::size_t{1} << log_n;
  const int log_threads = std::bit_width(static_cast<unsigned>(max_threads())) - 1;
  if (n >= kMinParallel && log_block > log_n - log_threads) log_block = std::max(1, log_n - log_threads);
  return log_block;
}

// Natural order in, bit-reversed order out.
template <bool kInverse>
void dif(Fr* a, int log_n) {
  const int log_block = block_log(log_n);
  streaming_stages<kInverse, true>(a, log_n, log_block);
  blocked_stages<kInverse, true>(a, std::size_t{1} << log_n, log_block);
}

// Bit-reversed order in, natural order out.
template <bool kInverse>
void dit(Fr* a, int log_n) {
  const int log_block = block_log(log_n);
  blocked_stages<kInverse, false>(a, std::size_t{1} << log_n, log_block);
  streaming_stages<kInverse, false>(a, log_n, log_block);
}

void bit_reverse(Fr* a, int log_n) {
  if (log_n == 0) return;
  parallel_for(std::size_t{1} << log_n, kMinParallel, [&](std::size_t i) {
    const std::size_t r = reverse_bits(i, log_n);
    if (i < r) std::swap(a[i], a[r]);
  });
}

// a[i] *= factor * base^(index of a[i] in natural order).
void scale_by_powers(Fr* a, int log_n, const Fr& factor, const Fr& base, bool bit_reversed) {
  const std::size_t n = std::size_t{1} << log_n;
  parallel_chunks(n, kMinParallel, [&](std::size_t begin, std::size_t end) {
    Fr x = factor * base.pow(ff::Limbs{{begin, 0, 0, 0}});
    for (std::size_t j = begin; j < end; ++j) {
      Fr& target = bit_reversed && log_n > 0 ? a[reverse_bits(j, log_n)] : a[j];
      target = target * x;
      x = x * base;
    }
  });
}

void scale(Fr* a, int log_n, const Fr& factor) {
  parallel_for(std::size_t{1} << log_n, kMinParallel, [&](std::size_t i) { a[i] = a[i] * factor; });
}

}  // namespace

void transform(std::span<Fr> values, const NttOptions& options) {
  Fr* a = values.data();
  const int log_n = std::countr_zero(values.size());
  const bool natural_in = options.input_order == Order::kNatural;
  const bool natural_out = options.output_order == Order::kNatural;
  if (options.direction == Direction::kForward) {
    if (options.coset_shift) scale_by_powers(a, log_n, Fr::one(), *options.coset_shift, !natural_in);
    if (natural_in) {
      dif<false>(a, log_n);
      if (natural_out) bit_reverse(a, log_n);
    } else {
      dit<false>(a, log_n);
      if (!natural_out) bit_reverse(a, log_n);
    }
    return;
  }
  bool natural_now;
  if (natural_in) {
    dif<true>(a, log_n);
    natural_now = false;
  } else {
    dit<true>(a, log_n);
    natural_now = true;
  }
  if (natural_now != natural_out) {
    bit_reverse(a, log_n);
    natural_now = natural_out;
  }
  const Fr n_inv = Fr::from_u64(values.size()).inverse();
  if (options.coset_shift) {
    scale_by_powers(a, log_n, n_inv, options.coset_shift->inverse(), !natural_now);
  } else {
    scale(a, log_n, n_inv);
  }
}

}  // namespace proofagg::ntt::cpu

#include "kernels/ntt/twiddles.hpp"

#include <array>
#include <memory>
#include <mutex>

#include "kernels/core/parallel.hpp"
#include "kernels/ntt/ntt.hpp"

namespace proofagg::ntt {

using ff::Fr;

Fr root_of_unity(int log_size) {
  Fr w = Fr::from_raw(ff::FrParams::root_of_unity());
  for (int i = log_size; i < kMaxLogSize; ++i) w = w.square();
  return w;
}

void fill_powers(std::span<Fr> out, const Fr& first, const Fr& w) {
  parallel_chunks(out.size(), 1 << 12, [&](std::size_t begin, std::size_t end) {
    Fr x = first * w.pow(ff::Limbs{{begin, 0, 0, 0}});
    for (std::size_t j = begin; j < end; ++j) {
      out[j] = x;
      x = x * w;
    }
  });
}

std::span<const Fr> twiddle_stage(int s) {
  static std::array<std::once_flag, kMaxLogSize> computed;
  static std::array<std::unique_ptr<Fr[]>, kMaxLogSize> stages;
  const std::size_t half = std::size_t{1} << s;
  std::call_once(computed[s], [&] {
    stages[s] = std::make_unique_for_overwrite<Fr[]>(half);
    fill_powers({stages[s].get(), half}, Fr::one(), root_of_unity(s + 1));
  });
  return {stages[s].get(), half};
}

}  // namespace proofagg::ntt

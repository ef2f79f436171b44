#include "aggregator/groth16/lagrange.hpp"

#include <bit>
#include <span>

#include "kernels/ff/batch_inverse.hpp"
#include "kernels/ntt/ntt.hpp"

namespace proofagg::groth16 {

using ff::Fr;

std::vector<Fr> lagrange_at(const Fr& tau, std::size_t m, std::size_t first, std::size_t step, std::size_t count) {
  const Fr w = ntt::root_of_unity(std::countr_zero(m));
  const Fr w_step = w.pow(ff::Limbs{{step, 0, 0, 0}});
  const Fr factor = (tau.pow(ff::Limbs{{m, 0, 0, 0}}) - Fr::one()) * Fr::from_u64(m).inverse();
  std::vector<Fr> points(count), inverse(count);
  Fr x = w.pow(ff::Limbs{{first, 0, 0, 0}});
  for (std::size_t i = 0; i < count; ++i) {
    points[i] = x;
    inverse[i] = tau - x;  // callers keep tau off the domain (tau^m != 1)
    x = x * w_step;
  }
  ff::batch_inverse(std::span<Fr>(inverse));
  std::vector<Fr> out(count);
  for (std::size_t i = 0; i < count; ++i) out[i] = factor * points[i] * inverse[i];
  return out;
}

}  // namespace proofagg::groth16

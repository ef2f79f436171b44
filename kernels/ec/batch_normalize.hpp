// Jacobian -> affine for many points with one field inversion (Montgomery's trick).
#pragma once

#include <cassert>
#include <span>
#include <vector>

#include "kernels/ec/curve.hpp"
#include "kernels/ff/batch_inverse.hpp"

namespace proofagg::ec {

// out[i] = in[i] in affine form; points at infinity become (0, 0).
template <class Curve>
void batch_to_affine(std::span<const Jacobian<Curve>> in, std::span<Affine<Curve>> out) {
  using F = typename Curve::Field;
  assert(in.size() == out.size());
  std::vector<F> z_inv(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) z_inv[i] = in[i].z;
  ff::batch_inverse(std::span<F>(z_inv));
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i].is_infinity()) {
      out[i] = Affine<Curve>::infinity();
      continue;
    }
    const F zinv2 = z_inv[i].square();
    out[i] = {in[i].x * zinv2, in[i].y * zinv2 * z_inv[i]};
  }
}

}  // namespace proofagg::ec

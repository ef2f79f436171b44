// Many distinct random group points quickly, for tests and benchmarks: a few random
// multiples of the generator, then runs of additions of a random step, normalised
// with one inversion per run. Not for secrets (see ff/random.hpp).
#pragma once

#include <vector>

#include "kernels/core/parallel.hpp"
#include "kernels/ec/batch_normalize.hpp"
#include "kernels/ec/bn254.hpp"
#include "kernels/ff/random.hpp"

namespace proofagg::ec {

template <class Curve, class Rng>
std::vector<Affine<Curve>> random_points(std::size_t n, Rng& rng) {
  using Point = Jacobian<Curve>;
  const auto multiple = [](const Limbs& k) {
    if constexpr (std::is_same_v<Curve, G1Curve>) {
      return g1_mul(G1::from_affine(g1_generator()), k);
    } else {
      return g2_mul(G2::from_affine(g2_generator()), k);
    }
  };
  constexpr std::size_t kRun = 1 << 12;
  const std::size_t runs = (n + kRun - 1) / kRun;
  std::vector<Point> starts(runs);
  for (Point& s : starts) s = multiple(ff::random_field_element<Fr>(rng).to_canonical());
  const Affine<Curve> step = multiple(ff::random_field_element<Fr>(rng).to_canonical()).to_affine();
  std::vector<Affine<Curve>> out(n);
  parallel_for(runs, 2, [&](std::size_t r) {
    const std::size_t begin = r * kRun;
    const std::size_t end = std::min(n, begin + kRun);
    std::vector<Point> run(end - begin);
    Point p = starts[r];
    for (Point& q : run) {
      q = p;
      p = p.add_mixed(step);
    }
    batch_to_affine<Curve>(run, std::span(out).subspan(begin, end - begin));
  });
  return out;
}

}  // namespace proofagg::ec

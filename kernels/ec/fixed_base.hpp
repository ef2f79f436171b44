// Many multiples k_i G of one fixed point (trusted setups, key generation): a table
// of d 2^(w j) G for every window j and digit d makes each multiple ceil(256 / w)
// mixed additions and no doublings.
#pragma once

#include <vector>

#include <span>

#include "kernels/core/parallel.hpp"
#include "kernels/ec/batch_normalize.hpp"
#include "kernels/ec/curve.hpp"
#include "kernels/ff/bn254.hpp"

namespace proofagg::ec {

template <class Curve>
class FixedBaseTable {
 public:
  static constexpr int kWindow = 8;
  static constexpr int kWindows = 256 / kWindow;

  explicit FixedBaseTable(const Affine<Curve>& base) : table_(kWindows << kWindow) {
    std::vector<Jacobian<Curve>> all(table_.size());
    Jacobian<Curve> shifted = Jacobian<Curve>::from_affine(base);  // 2^(w j) G
    for (int j = 0; j < kWindows; ++j) {
      Jacobian<Curve> multiple = Jacobian<Curve>::infinity();
      for (int d = 0; d < (1 << kWindow); ++d) {
        all[(j << kWindow) + d] = multiple;
        multiple += shifted;
      }
      shifted = multiple;  // 2^w times the previous window's unit
    }
    batch_to_affine<Curve>(all, table_);
  }

  // k_i G for every scalar, on every core, in affine form.
  std::vector<Affine<Curve>> multiples(std::span<const ff::Fr> scalars) const {
    std::vector<Jacobian<Curve>> jac(scalars.size());
    parallel_for(scalars.size(), 64, [&](std::size_t i) { jac[i] = multiply(scalars[i].to_canonical()); });
    std::vector<Affine<Curve>> out(scalars.size());
    batch_to_affine<Curve>(jac, out);
    return out;
  }

  Jacobian<Curve> multiply(const Limbs& k) const {
    Jacobian<Curve> sum = Jacobian<Curve>::infinity();
    for (int j = 0; j < kWindows; ++j) {
      const unsigned d = static_cast<unsigned>(k.v[j * kWindow / 64] >> (j * kWindow % 64)) & ((1u << kWindow) - 1);
      if (d != 0) sum = sum.add_mixed(table_[(j << kWindow) + d]);
    }
    return sum;
  }

 private:
  std::vector<Affine<Curve>> table_;
};

}  // namespace proofagg::ec

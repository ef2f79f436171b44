// Montgomery's trick: n inversions for one inversion and 3(n - 1) multiplications.
#pragma once

#include <span>
#include <vector>

namespace proofagg::ff {

// Replaces every non-zero element by its inverse; zeros stay zero.
template <class F>
void batch_inverse(std::span<F> values) {
  std::vector<F> prefix(values.size());
  F acc = F::one();
  for (std::size_t i = 0; i < values.size(); ++i) {
    prefix[i] = acc;
    if (!values[i].is_zero()) acc = acc * values[i];
  }
  F inv = acc.inverse();
  for (std::size_t i = values.size(); i-- > 0;) {
    if (values[i].is_zero()) continue;
    const F next = inv * values[i];
    values[i] = inv * prefix[i];
    inv = next;
  }
}

}  // namespace proofagg::ff

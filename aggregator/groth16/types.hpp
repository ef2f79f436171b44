// Groth16 over BN254, as snarkjs, gnark and rapidsnark produce it:
// e(A, B) = e(alpha, beta) e(L, gamma) e(C, delta), L = IC_0 + sum_i x_i IC_{i+1}.
#pragma once

#include <vector>

#include "kernels/ec/bn254.hpp"

namespace proofagg::groth16 {

struct VerifyingKey {
  ec::G1Affine alpha;
  ec::G2Affine beta, gamma, delta;
  std::vector<ec::G1Affine> ic;  // one more than the number of public inputs

  std::size_t public_inputs() const { return ic.empty() ? 0 : ic.size() - 1; }
};

struct Proof {
  ec::G1Affine a;
  ec::G2Affine b;
  ec::G1Affine c;

  friend bool operator==(const Proof&, const Proof&) = default;
};

}  // namespace proofagg::groth16

// Groth16 over BN254, as snarkjs, gnark and rapidsnark produce it:
// e(A, B) = e(alpha, beta) e(L, gamma) e(C, delta), L = IC_0 + sum_i x_i IC_{i+1}.
#pragma once

#include <optional>
#include <vector>

#include "kernels/ec/bn254.hpp"

namespace proofagg::groth16 {

// What verifies a key's one commitment (commitment.hpp): its proof of knowledge
// satisfies e(D, g_sigma_neg) e(knowledge, g) = 1.
struct CommitmentVerifyingKey {
  ec::G2Affine g, g_sigma_neg;
  friend bool operator==(const CommitmentVerifyingKey&, const CommitmentVerifyingKey&) = default;
};

struct VerifyingKey {
  ec::G1Affine alpha;
  ec::G2Affine beta, gamma, delta;
  std::vector<ec::G1Affine> ic;  // one more than the number of public inputs
  // Keys of committed circuits: their last public input is the challenge the
  // verifier derives from the commitment (commitment.hpp).
  std::optional<CommitmentVerifyingKey> commitment;

  std::size_t public_inputs() const { return ic.empty() ? 0 : ic.size() - 1; }
};

// A committed circuit's proof carries its commitment D and D's proof of knowledge.
struct CommitmentProof {
  ec::G1Affine d, knowledge;
  friend bool operator==(const CommitmentProof&, const CommitmentProof&) = default;
};

struct Proof {
  ec::G1Affine a;
  ec::G2Affine b;
  ec::G1Affine c;

  friend bool operator==(const Proof&, const Proof&) = default;
};

}  // namespace proofagg::groth16

#include "aggregator/circuit/std/groth16.hpp"

#include <stdexcept>

#include "aggregator/groth16/verifier.hpp"

namespace proofagg::circuit {

Groth16FixedKeyVerifier::Groth16FixedKeyVerifier(EmulatedTower& tower, const groth16::VerifyingKey& vk)
    : tower_(tower), g1_(tower.fq()), g2_(tower), pairing_(tower), vk_(vk) {
  if (Status s = groth16::check_verifying_key(vk); !s) throw std::invalid_argument(s.error());
  gamma_ = FixedG2Lines::prepare_ate(vk.gamma);
  delta_ = FixedG2Lines::prepare_ate(vk.delta);
}

Groth16ProofVar Groth16FixedKeyVerifier::private_proof(const groth16::Proof& proof) {
  Groth16ProofVar out{g1_.private_input(proof.a), g2_.private_input(proof.b), g1_.private_input(proof.c)};
  g2_.assert_in_subgroup(out.b);
  return out;
}

void Groth16FixedKeyVerifier::assert_verifies(const Groth16ProofVar& proof,
                                              std::span<const std::vector<Variable>> public_input_bits) {
  if (public_input_bits.size() != vk_.public_inputs()) {
    throw std::logic_error("Groth16FixedKeyVerifier: the key takes " + std::to_string(vk_.public_inputs()) +
                           " public inputs");
  }
  const std::vector<ec::G1Affine> ic(vk_.ic.begin() + 1, vk_.ic.end());
  const G1Var l = g1_.fixed_base_msm(ic, public_input_bits, g1_.constant(vk_.ic[0]));
  const std::vector<G1Var> p_variable{proof.a};
  const std::vector<G2Var> q_variable{proof.b};
  const std::vector<G1Var> p_fixed{g1_.neg(l), g1_.neg(proof.c)};
  const std::vector<FixedG2Lines> q_fixed{gamma_, delta_};
  const std::vector<ec::G1Affine> p_constant{-vk_.alpha};
  const std::vector<ec::G2Affine> q_constant{vk_.beta};
  pairing_.assert_product_is_one({p_variable, q_variable, p_fixed, q_fixed, p_constant, q_constant});
}

}  // namespace proofagg::circuit

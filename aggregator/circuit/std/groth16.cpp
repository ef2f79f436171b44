#include "aggregator/circuit/std/groth16.hpp"

#include <algorithm>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/poseidon.hpp"

#include "aggregator/groth16/verifier.hpp"

namespace proofagg::circuit {

Groth16FixedKeyVerifier::Groth16FixedKeyVerifier(EmulatedTower& tower, const groth16::VerifyingKey& vk)
    : tower_(tower), g1_(tower.fq()), g2_(tower), pairing_(tower), vk_(vk) {
  if (Status s = groth16::check_verifying_key(vk); !s) throw std::invalid_argument(s.error());
  gamma_ = FixedG2Lines::prepare_ate(vk.gamma);
  delta_ = FixedG2Lines::prepare_ate(vk.delta);
  if (vk.commitment) {
    if (vk.public_inputs() == 0) throw std::invalid_argument("a key with a commitment needs its challenge input");
    g_ = FixedG2Lines::prepare_ate(vk.commitment->g);
    g_sigma_neg_ = FixedG2Lines::prepare_ate(vk.commitment->g_sigma_neg);
  }
}

Groth16ProofVar Groth16FixedKeyVerifier::private_proof(const groth16::Proof& proof,
                                                      const std::optional<groth16::CommitmentProof>& commitment) {
  if (commitment.has_value() != vk_.commitment.has_value()) {
    throw std::logic_error("Groth16FixedKeyVerifier: a commitment proof goes with a key with a commitment");
  }
  // B's membership in G2 is proven by the pairing check's loop.
  Groth16ProofVar out{g1_.canonical_private_input(proof.a), g2_.canonical_private_input(proof.b),
                      g1_.canonical_private_input(proof.c), {}};
  if (commitment) {
    out.commitment = CommitmentProofVar{g1_.canonical_private_input(commitment->d),
                                        g1_.canonical_private_input(commitment->knowledge)};
  }
  return out;
}

std::vector<Variable> Groth16FixedKeyVerifier::challenge_bits(const CommitmentProofVar& commitment,
                                                             std::span<const std::vector<Variable>> public_input_bits) {
  Builder& b = tower_.fq().builder();
  // D's coordinates (canonical: one encoding per point, as the native side hashes
  // it) as 128-bit halves.
  std::vector<LC> point;
  for (const FqVar* coordinate : {&commitment.d.x, &commitment.d.y}) {
    for (const LC& half : EmulatedFq::halves(*coordinate)) point.push_back(half);
  }
  LC h = poseidon(b, point);
  for (std::size_t i = 0; i < public_input_bits.size(); i += 4) {
    std::vector<LC> block{h};
    for (std::size_t j = i; j < std::min(public_input_bits.size(), i + 4); ++j) block.push_back(from_bits(public_input_bits[j]));
    h = poseidon(b, block);
  }
  return to_bits_below_r(b, h);
}

void Groth16FixedKeyVerifier::assert_verifies(const Groth16ProofVar& proof,
                                              std::span<const std::vector<Variable>> public_input_bits) {
  const std::size_t statement = vk_.public_inputs() - (vk_.commitment ? 1 : 0);
  if (public_input_bits.size() != statement || proof.commitment.has_value() != vk_.commitment.has_value()) {
    throw std::logic_error("Groth16FixedKeyVerifier: the key takes " + std::to_string(statement) +
                           " public inputs" + (vk_.commitment ? " and a commitment proof" : ""));
  }
  std::vector<std::vector<Variable>> scalars(public_input_bits.begin(), public_input_bits.end());
  if (proof.commitment) scalars.push_back(challenge_bits(*proof.commitment, public_input_bits));
  const std::vector<ec::G1Affine> ic(vk_.ic.begin() + 1, vk_.ic.end());
  G1Var l = g1_.fixed_base_msm(ic, scalars, g1_.constant(vk_.ic[0]));
  if (proof.commitment) {
    l = g1_.add(l, proof.commitment->d);
    // e(D, -sigma g) e(P, g) = 1: D is made of the committed bases only.
    const std::vector<G1Var> p_fixed{proof.commitment->d, proof.commitment->knowledge};
    const std::vector<FixedG2Lines> q_fixed{*g_sigma_neg_, *g_};
    pairing_.assert_product_is_one({{}, {}, p_fixed, q_fixed});
  }
  const std::vector<G1Var> p_variable{proof.a};
  const std::vector<G2Var> q_variable{proof.b};
  const std::vector<G1Var> p_fixed{g1_.neg(l), g1_.neg(proof.c)};
  const std::vector<FixedG2Lines> q_fixed{gamma_, delta_};
  const std::vector<ec::G1Affine> p_constant{-vk_.alpha};
  const std::vector<ec::G2Affine> q_constant{vk_.beta};
  pairing_.assert_product_is_one({p_variable, q_variable, p_fixed, q_fixed, p_constant, q_constant});
}

Groth16WitnessKeyVerifier::Groth16WitnessKeyVerifier(EmulatedTower& tower)
    : tower_(tower), g1_(tower.fq()), g2_(tower), pairing_(tower) {}

Groth16WitnessKeyVerifier::Key Groth16WitnessKeyVerifier::private_key(const groth16::VerifyingKey& vk) {
  if (vk.commitment) throw std::invalid_argument("Groth16WitnessKeyVerifier: keys with a commitment are not rollups' keys");
  if (vk.public_inputs() > kMaxPublicInputs) {
    throw std::invalid_argument("Groth16WitnessKeyVerifier: at most " + std::to_string(kMaxPublicInputs) + " public inputs");
  }
  VerifyingKeyVar points = private_verifying_key(tower_, vk);
  const Variable hash = vk_hash(tower_.fq().builder(), points);
  return {std::move(points), hash};
}

Groth16ProofVar Groth16WitnessKeyVerifier::private_proof(const groth16::Proof& proof) {
  return {g1_.canonical_private_input(proof.a), g2_.canonical_private_input(proof.b),
          g1_.canonical_private_input(proof.c), {}};
}

void Groth16WitnessKeyVerifier::assert_verifies(const Key& key, const Groth16ProofVar& proof,
                                                std::span<const std::vector<Variable>> public_input_bits) {
  const VerifyingKeyVar& vk = key.points;
  if (public_input_bits.size() + 1 != vk.ic.size() || proof.commitment) {
    throw std::logic_error("Groth16WitnessKeyVerifier: one input per IC point after the first, no commitment");
  }
  const std::vector<G1Var> ic(vk.ic.begin() + 1, vk.ic.end());
  const G1Var l = g1_.multi_scalar_mul(ic, public_input_bits, &vk.ic[0]);
  const std::vector<G1Var> ps{proof.a, g1_.neg(vk.alpha), g1_.neg(l), g1_.neg(proof.c)};
  const std::vector<G2Var> qs{proof.b, vk.beta, vk.gamma, vk.delta};
  pairing_.assert_product_is_one(ps, qs);
}

}  // namespace proofagg::circuit

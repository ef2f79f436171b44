#include "aggregator/groth16/commitment.hpp"

#include <string>
#include <vector>

#include "aggregator/commit/poseidon.hpp"
#include "kernels/msm/msm.hpp"
#include "kernels/pairing/multi_pairing.hpp"

namespace proofagg::groth16 {
namespace {

using ec::G1;
using ec::G1Affine;
using ff::Fr;

// The 128-bit halves of a coordinate, low first.
std::pair<Fr, Fr> halves(const ff::Fq& coordinate) {
  const ff::Limbs v = coordinate.to_canonical();
  return {Fr::from_canonical(ff::Limbs{{v.v[0], v.v[1], 0, 0}}), Fr::from_canonical(ff::Limbs{{v.v[2], v.v[3], 0, 0}})};
}

msm::MsmOptions on(Backend backend) {
  msm::MsmOptions o;
  o.backend = backend;
  return o;
}

}  // namespace

Fr commitment_challenge(const G1Affine& d, std::span<const Fr> inputs) {
  std::vector<Fr> point(4, Fr::zero());
  if (!d.is_infinity()) {
    std::tie(point[0], point[1]) = halves(d.x);
    std::tie(point[2], point[3]) = halves(d.y);
  }
  Fr h = commit::poseidon(point);
  for (std::size_t i = 0; i < inputs.size(); i += 4) {
    std::vector<Fr> block{h};
    for (std::size_t j = i; j < std::min(inputs.size(), i + 4); ++j) block.push_back(inputs[j]);
    h = commit::poseidon(block);
  }
  return h;
}

Result<CommitmentProof> commit(const CommitmentKey& key, std::span<const Fr> committed_values, Backend backend) {
  if (committed_values.size() != key.basis.size()) {
    return make_error("commit: " + std::to_string(committed_values.size()) + " values for " +
                      std::to_string(key.basis.size()) + " committed wires");
  }
  const auto d = msm::msm(key.basis, committed_values, on(backend));
  if (!d) return d.failure().prefixed("commit: ");
  const auto knowledge = msm::msm(key.sigma_basis, committed_values, on(backend));
  if (!knowledge) return knowledge.failure().prefixed("commit: ");
  return CommitmentProof{*d, *knowledge};
}

std::function<Fr(std::span<const Fr>, std::span<const Fr>)> challenge_for(const CommitmentKey& key, Backend backend) {
  return [&key, backend](std::span<const Fr> publics, std::span<const Fr> committed) {
    // D alone (its proof of knowledge is prove()'s). A count that does not match the
    // key means the circuit and its key disagree: no proof can follow, and prove()
    // reports the mismatch when it recomputes the challenge.
    if (committed.size() != key.basis.size()) return Fr::zero();
    const auto d = msm::msm(key.basis, committed, on(backend));
    return d ? commitment_challenge(*d, publics) : Fr::zero();
  };
}

Result<bool> verify_with_commitment(const VerifyingKey& vk, const Proof& proof, const CommitmentProof& commitment,
                                    std::span<const Fr> inputs) {
  if (!vk.commitment) return make_error("the key has no commitment");
  if (inputs.size() + 1 != vk.public_inputs()) {
    return make_error("the key expects " + std::to_string(vk.public_inputs() - 1) + " public inputs, got " +
                      std::to_string(inputs.size()));
  }
  // The proof of knowledge: e(D, -sigma g) e(P, g) = 1.
  const G1Affine knowledge_g1[2] = {commitment.d, commitment.knowledge};
  const ec::G2Affine knowledge_g2[2] = {vk.commitment->g_sigma_neg, vk.commitment->g};
  if (!pairing::pairing_product_is_one(knowledge_g1, knowledge_g2)) return false;
  std::vector<Fr> all(inputs.begin(), inputs.end());
  all.push_back(commitment_challenge(commitment.d, inputs));
  const auto sum = msm::msm(std::span(vk.ic).subspan(1), all, on(Backend::kCpu));
  if (!sum) return sum.failure();
  const G1 l = G1::from_affine(*sum).add_mixed(vk.ic[0]).add_mixed(commitment.d);
  // e(A, B) e(-alpha, beta) e(-(L + D), gamma) e(-C, delta) = 1.
  const G1Affine g1s[4] = {proof.a, -vk.alpha, (-l).to_affine(), -proof.c};
  const ec::G2Affine g2s[4] = {proof.b, vk.beta, vk.gamma, vk.delta};
  return pairing::pairing_product_is_one(g1s, g2s);
}

Status check_commitment_key(const ProvingKey& pk) {
  if (!pk.commitment) return {};
  const CommitmentKey& k = *pk.commitment;
  if (pk.n_public == 0) return make_error("commitment key: the challenge needs a public input");
  if (k.wires.begin <= pk.n_public || k.wires.end > pk.n_vars || k.wires.begin >= k.wires.end) {
    return make_error("commitment key: committed wires [" + std::to_string(k.wires.begin) + ", " +
                      std::to_string(k.wires.end) + ") are not a non-empty range of private wires");
  }
  if (k.basis.size() != k.wires.size() || k.sigma_basis.size() != k.wires.size()) {
    return make_error("commitment key: one basis point per committed wire expected");
  }
  if (k.verifying.g.is_infinity() || k.verifying.g_sigma_neg.is_infinity()) {
    return make_error("commitment key: a verifying point is at infinity");
  }
  for (std::uint32_t s = k.wires.begin; s < k.wires.end; ++s) {
    if (!pk.c[s - pk.n_public - 1].is_infinity()) {
      return make_error("commitment key: committed wire " + std::to_string(s) + " also has a C point");
    }
  }
  return {};
}

}  // namespace proofagg::groth16

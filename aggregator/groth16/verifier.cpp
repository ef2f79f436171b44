#include "aggregator/groth16/verifier.hpp"

#include <map>
#include <random>
#include <string>

#include "aggregator/groth16/randomness.hpp"
#include "kernels/core/parallel.hpp"
#include "kernels/ec/batch_normalize.hpp"
#include "kernels/msm/msm.hpp"
#include "kernels/pairing/multi_pairing.hpp"

namespace proofagg::groth16 {
namespace {

using ec::G1;
using ec::G1Affine;
using ff::Fr;

// 128-bit coefficients: a batch with an invalid proof passes with probability
// about 2^-128 over the verifier's coins.
constexpr int kCoefficientBits = 128;

msm::MsmOptions cpu_msm() {
  msm::MsmOptions o;
  o.backend = Backend::kCpu;  // batches here are small: host MSMs beat a device round trip
  return o;
}

// One random linear combination over items[begin, end): true when it holds.
bool combination_holds(std::span<const BatchItem> items, std::random_device& source) {
  struct PerKey {
    Fr coefficient_sum = Fr::zero();
    std::vector<Fr> ic_scalars;   // sum_j r_j (1, x_j...)
    std::vector<G1Affine> c_points;
    std::vector<Fr> c_scalars;
  };
  std::map<const PreparedVerifyingKey*, PerKey> keys;
  std::vector<Fr> coefficients(items.size());
  for (std::size_t j = 0; j < items.size(); ++j) {
    const BatchItem& item = items[j];
    const Fr r = coefficients[j] = random_nonzero_scalar(source, kCoefficientBits);
    PerKey& k = keys[item.vk];
    if (k.ic_scalars.empty()) k.ic_scalars.assign(item.vk->key().ic.size(), Fr::zero());
    k.coefficient_sum += r;
    k.ic_scalars[0] += r;
    for (std::size_t i = 0; i < item.inputs.size(); ++i) k.ic_scalars[i + 1] += r * item.inputs[i];
    k.c_points.push_back(item.proof.c);
    k.c_scalars.push_back(r);
  }
  // prod_j e(r_j A_j, B_j) * prod_k e(-R_k alpha_k, beta_k) e(L_k, -gamma_k) e(C_k, -delta_k) == 1,
  // R_k = sum of key k's coefficients, L_k and C_k the combined commitments and C points.
  const std::size_t n = items.size();
  std::vector<G1> scaled(n + keys.size());
  std::vector<pairing::G2Prepared> g2s(n + 3 * keys.size());
  parallel_for(n, 2, [&](std::size_t j) {
    scaled[j] = ec::g1_mul(G1::from_affine(items[j].proof.a), coefficients[j].to_canonical());
    g2s[j] = pairing::prepare(items[j].proof.b);
  });
  std::vector<G1Affine> g1s(n + 3 * keys.size());
  std::size_t slot = n;
  for (const auto& [vk, k] : keys) {
    const VerifyingKey& key = vk->key();
    scaled[slot] = ec::g1_mul(-G1::from_affine(key.alpha), k.coefficient_sum.to_canonical());
    g2s[slot++] = pairing::prepare(key.beta);
  }
  ec::batch_to_affine<ec::G1Curve>(scaled, std::span(g1s).first(scaled.size()));
  for (const auto& [vk, k] : keys) {
    g1s[slot] = *msm::msm(vk->key().ic, k.ic_scalars, cpu_msm());
    g2s[slot++] = vk->neg_gamma();
    g1s[slot] = *msm::msm(k.c_points, k.c_scalars, cpu_msm());
    g2s[slot++] = vk->neg_delta();
  }
  // Miller loops of disjoint slices on every core, multiplied before one final exponentiation.
  const std::size_t pairs = g1s.size();
  const std::size_t slices = std::min<std::size_t>(static_cast<std::size_t>(max_threads()), (pairs + 7) / 8);
  std::vector<ff::Fq12> partial(slices, ff::Fq12::one());
  parallel_for(slices, 2, [&](std::size_t t) {
    const std::size_t begin = pairs * t / slices, end = pairs * (t + 1) / slices;
    partial[t] = pairing::multi_miller_loop(std::span(g1s).subspan(begin, end - begin),
                                            std::span(g2s).subspan(begin, end - begin));
  });
  ff::Fq12 product = ff::Fq12::one();
  for (const ff::Fq12& f : partial) product = product * f;
  return pairing::final_exponentiation(product).is_one();
}

void bisect(std::span<const BatchItem> items, std::size_t offset, std::vector<bool>& valid,
            std::random_device& source) {
  if (items.empty() || combination_holds(items, source)) {
    for (std::size_t i = 0; i < items.size(); ++i) valid[offset + i] = true;
    return;
  }
  if (items.size() == 1) return;  // this one is bad
  const std::size_t half = items.size() / 2;
  bisect(items.first(half), offset, valid, source);
  bisect(items.subspan(half), offset + half, valid, source);
}

}  // namespace

PreparedVerifyingKey::PreparedVerifyingKey(VerifyingKey vk)
    : vk_(std::move(vk)),
      alpha_beta_(pairing::pairing(vk_.alpha, vk_.beta)),
      neg_gamma_(pairing::prepare(-vk_.gamma)),
      neg_delta_(pairing::prepare(-vk_.delta)) {}

Result<G1> public_input_commitment(const VerifyingKey& vk, std::span<const Fr> inputs) {
  if (inputs.size() != vk.public_inputs()) {
    return make_error("the key expects " + std::to_string(vk.public_inputs()) + " public inputs, got " +
                      std::to_string(inputs.size()));
  }
  const Result<G1Affine> sum = msm::msm(std::span(vk.ic).subspan(1), inputs, cpu_msm());
  if (!sum) return Error{sum.error()};
  return G1::from_affine(*sum).add_mixed(vk.ic[0]);
}

Result<bool> verify(const PreparedVerifyingKey& vk, const Proof& proof, std::span<const Fr> inputs) {
  const Result<G1> l = public_input_commitment(vk.key(), inputs);
  if (!l) return Error{l.error()};
  // e(A, B) e(L, -gamma) e(C, -delta) == e(alpha, beta)
  const G1Affine g1s[3] = {proof.a, l->to_affine(), proof.c};
  const pairing::G2Prepared g2s[3] = {pairing::prepare(proof.b), vk.neg_gamma(), vk.neg_delta()};
  return pairing::final_exponentiation(pairing::multi_miller_loop(g1s, g2s)) == vk.alpha_beta();
}

std::vector<bool> verify_batch(std::span<const BatchItem> items) {
  std::vector<bool> valid(items.size(), false);
  // Items whose input count does not fit their key can never verify; leave them out.
  std::vector<BatchItem> well_formed;
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].inputs.size() != items[i].vk->key().public_inputs()) continue;
    well_formed.push_back(items[i]);
    positions.push_back(i);
  }
  std::vector<bool> result(well_formed.size(), false);
  std::random_device source;
  bisect(well_formed, 0, result, source);
  for (std::size_t i = 0; i < well_formed.size(); ++i) valid[positions[i]] = result[i];
  return valid;
}

}  // namespace proofagg::groth16

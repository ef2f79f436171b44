#include "aggregator/groth16/verifier.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "aggregator/evm/precompile.hpp"
#include "aggregator/groth16/evm_calldata.hpp"
#include "kernels/core/parallel.hpp"
#include "kernels/ec/batch_normalize.hpp"
#include "kernels/ff/codec.hpp"
#include "kernels/msm/msm.hpp"
#include "kernels/pairing/multi_pairing.hpp"

namespace proofagg::groth16 {
namespace {

using ec::G1;
using ec::G1Affine;
using ff::Fr;

// A batch holding an invalid proof passes with probability about 2^-128 over the
// choice of coefficients, which the prover cannot steer: they hash everything checked.
std::vector<Fr> fiat_shamir_coefficients(std::span<const BatchItem> items) {
  Sha256 transcript;
  transcript.update("proofagg/groth16/batch-verify/v1").update_u32(static_cast<std::uint32_t>(items.size()));
  for (const BatchItem& item : items) {
    transcript.update(item.vk->digest());
    transcript.update(evm_calldata::encode_proof(item.proof));
    transcript.update_u32(static_cast<std::uint32_t>(item.inputs.size()));
    transcript.update(evm_calldata::encode_public_inputs(item.inputs));
  }
  const Sha256Digest seed = transcript.finish();
  std::vector<Fr> coefficients(items.size());
  for (std::size_t j = 0; j < items.size(); ++j) {
    const Sha256Digest d = Sha256().update(seed).update_u32(static_cast<std::uint32_t>(j)).finish();
    ff::Limbs k{};
    for (int i = 0; i < 16; ++i) k.v[1 - i / 8] |= std::uint64_t{d[i]} << (8 * (7 - i % 8));  // 128 bits, big-endian
    coefficients[j] = ff::limbs_is_zero(k) ? Fr::one() : Fr::from_canonical(k);
  }
  return coefficients;
}

msm::MsmOptions cpu_msm() {
  msm::MsmOptions o;
  o.backend = Backend::kCpu;  // batches here are small: host MSMs beat a device round trip
  return o;
}

// One random linear combination over items[begin, end): true when it holds.
bool combination_holds(std::span<const BatchItem> items) {
  struct PerKey {
    Fr coefficient_sum = Fr::zero();
    std::vector<Fr> ic_scalars;   // sum_j r_j (1, x_j...)
    std::vector<G1Affine> c_points;
    std::vector<Fr> c_scalars;
  };
  std::map<const PreparedVerifyingKey*, PerKey> keys;
  const std::vector<Fr> coefficients = fiat_shamir_coefficients(items);
  for (std::size_t j = 0; j < items.size(); ++j) {
    const BatchItem& item = items[j];
    const Fr r = coefficients[j];
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

void bisect(std::span<const BatchItem> items, std::size_t offset, std::vector<bool>& valid) {
  if (items.empty() || combination_holds(items)) {
    for (std::size_t i = 0; i < items.size(); ++i) valid[offset + i] = true;
    return;
  }
  if (items.size() == 1) return;  // this one is bad
  const std::size_t half = items.size() / 2;
  bisect(items.first(half), offset, valid);
  bisect(items.subspan(half), offset + half, valid);
}

}  // namespace

PreparedVerifyingKey::PreparedVerifyingKey(VerifyingKey vk)
    : vk_(std::move(vk)),
      alpha_beta_(pairing::pairing(vk_.alpha, vk_.beta)),
      neg_gamma_(pairing::prepare(-vk_.gamma)),
      neg_delta_(pairing::prepare(-vk_.delta)) {
  Sha256 h;
  h.update("proofagg/groth16/verifying-key/v1").update(evm::encode_g1(vk_.alpha));
  for (const ec::G2Affine& q : {vk_.beta, vk_.gamma, vk_.delta}) h.update(evm::encode_g2(q));
  h.update_u32(static_cast<std::uint32_t>(vk_.ic.size()));
  for (const G1Affine& p : vk_.ic) h.update(evm::encode_g1(p));
  digest_ = h.finish();
}

Result<G1> public_input_commitment(const VerifyingKey& vk, std::span<const Fr> inputs) {
  if (inputs.size() != vk.public_inputs()) {
    return make_error("the key expects " + std::to_string(vk.public_inputs()) + " public inputs, got " +
                      std::to_string(inputs.size()));
  }
  const Result<G1Affine> sum = msm::msm(std::span(vk.ic).subspan(1), inputs, cpu_msm());
  if (!sum) return sum.failure();
  return G1::from_affine(*sum).add_mixed(vk.ic[0]);
}

Result<bool> verify(const PreparedVerifyingKey& vk, const Proof& proof, std::span<const Fr> inputs) {
  if (vk.key().commitment) return make_error("the key has a commitment: verify with its commitment proof (verify_with_commitment)");
  const Result<G1> l = public_input_commitment(vk.key(), inputs);
  if (!l) return l.failure();
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
    if (items[i].inputs.size() != items[i].vk->key().public_inputs() || items[i].vk->key().commitment) continue;
    well_formed.push_back(items[i]);
    positions.push_back(i);
  }
  std::vector<bool> result(well_formed.size(), false);
  bisect(well_formed, 0, result);
  for (std::size_t i = 0; i < well_formed.size(); ++i) valid[positions[i]] = result[i];
  return valid;
}

Status check_verifying_key(const VerifyingKey& vk) {
  const auto refuse = [](const std::string& why) { return make_error("degenerate verifying key: " + why); };
  if (vk.alpha.is_infinity()) return refuse("vk_alpha_1 is the point at infinity");
  for (const auto& [point, name] : {std::pair{&vk.beta, "vk_beta_2"}, std::pair{&vk.gamma, "vk_gamma_2"},
                                    std::pair{&vk.delta, "vk_delta_2"}}) {
    if (point->is_infinity()) return refuse(std::string(name) + " is the point at infinity");
  }
  // Two points of one curve share x exactly when they are equal or opposite.
  if (vk.gamma.x == vk.delta.x) return refuse("vk_gamma_2 equals vk_delta_2 or its negation");
  std::vector<std::pair<ff::FieldBytes, std::size_t>> xs;
  xs.reserve(vk.ic.size());
  for (std::size_t i = 0; i < vk.ic.size(); ++i) {
    if (vk.ic[i].is_infinity()) return refuse("IC[" + std::to_string(i) + "] is the point at infinity");
    xs.emplace_back(ff::field_to_be_bytes(vk.ic[i].x), i);
  }
  std::sort(xs.begin(), xs.end());
  for (std::size_t k = 1; k < xs.size(); ++k) {
    if (xs[k].first == xs[k - 1].first) {
      const auto [i, j] = std::minmax(xs[k - 1].second, xs[k].second);
      return refuse("IC[" + std::to_string(i) + "] and IC[" + std::to_string(j) + "] are equal up to sign");
    }
  }
  return {};
}

}  // namespace proofagg::groth16

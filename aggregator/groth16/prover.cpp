#include "aggregator/groth16/prover.hpp"

#include <bit>
#include <string>

#include "aggregator/groth16/commitment.hpp"
#include "aggregator/groth16/randomness.hpp"
#include "kernels/core/parallel.hpp"
#include "kernels/msm/msm.hpp"
#include "kernels/ntt/ntt.hpp"

namespace proofagg::groth16 {
namespace {

using ec::G1;
using ec::G2;
using ff::Fr;

// h = (A B - C) evaluated on the coset w_2n <w_n>, from A, B (and C = A B) on <w_n>.
Result<std::vector<Fr>> quotient_evaluations(const ProvingKey& pk, std::span<const Fr> w, Backend backend) {
  const std::size_t n = pk.domain_size;
  std::vector<Fr> abc(3 * n, Fr::zero());  // A, B, C one after another: one batched NTT each way
  Fr* a = abc.data();
  Fr* b = a + n;
  Fr* c = b + n;
  for (const QapCoefficient& q : pk.coefficients) {
    Fr* row = q.matrix == 0 ? a : b;
    row[q.constraint] += q.value * w[q.signal];
  }
  parallel_for(n, 1 << 12, [&](std::size_t i) { c[i] = a[i] * b[i]; });
  ntt::NttOptions interpolate;
  interpolate.direction = ntt::Direction::kInverse;
  interpolate.backend = backend;
  if (Status s = ntt::ntt_batch(abc, 3, interpolate); !s) return s.failure();
  ntt::NttOptions on_coset;
  on_coset.coset_shift = ntt::root_of_unity(std::countr_zero(n) + 1);
  on_coset.backend = backend;
  if (Status s = ntt::ntt_batch(abc, 3, on_coset); !s) return s.failure();
  std::vector<Fr> h(n);
  parallel_for(n, 1 << 12, [&](std::size_t i) { h[i] = a[i] * b[i] - c[i]; });
  return h;
}

}  // namespace

Result<ProofWithPublic> prove(const ProvingKey& pk, std::span<const Fr> w, Backend backend) {
  if (w.size() != pk.n_vars) {
    return make_error("witness has " + std::to_string(w.size()) + " values, the proving key " +
                      std::to_string(pk.n_vars));
  }
  if (std::countr_zero(pk.domain_size) >= ff::FrParams::two_adicity) {
    return make_error("prove: domain 2^28 leaves no room for the 2n-th root the quotient needs");
  }
  std::optional<CommitmentProof> commitment;
  if (pk.commitment) {
    const WireRange wires = pk.commitment->wires;
    auto made = commit(*pk.commitment, w.subspan(wires.begin, wires.size()), backend);
    if (!made) return made.failure().prefixed("prove: ");
    if (commitment_challenge(made->d, w.subspan(1, pk.n_public - 1)) != w[pk.n_public]) {
      return make_error("prove: the witness's challenge is not its commitment's (build it with this key's challenge_for)");
    }
    commitment = *made;
  }
  const Result<std::vector<Fr>> h = quotient_evaluations(pk, w, backend);
  if (!h) return h.failure();
  msm::MsmOptions o;
  o.backend = backend;
  const auto a = msm::msm(pk.a, w, o);
  const auto b1 = msm::msm(pk.b1, w, o);
  const auto b2 = msm::msm(pk.b2, w, o);
  const auto c = msm::msm(pk.c, w.subspan(pk.n_public + 1), o);
  const auto hh = msm::msm(pk.h, *h, o);
  for (const Error* error : {a ? nullptr : &a.failure(), b1 ? nullptr : &b1.failure(), b2 ? nullptr : &b2.failure(),
                              c ? nullptr : &c.failure(), hh ? nullptr : &hh.failure()}) {
    if (error != nullptr) return error->prefixed("prove: ");
  }
  std::random_device source;
  const Fr r = random_nonzero_scalar(source);
  const Fr s = random_nonzero_scalar(source);
  const G1 delta1 = G1::from_affine(pk.delta1);
  // A = alpha + sum w_i A_i + r delta;  B = beta + sum w_i B_i + s delta (in G2, and in G1 for C)
  const G1 pi_a = G1::from_affine(*a).add_mixed(pk.alpha) + ec::g1_mul(delta1, r.to_canonical());
  const G2 pi_b = G2::from_affine(*b2).add_mixed(pk.beta2) + ec::g2_mul(G2::from_affine(pk.delta2), s.to_canonical());
  const G1 b_in_g1 = G1::from_affine(*b1).add_mixed(pk.beta1) + ec::g1_mul(delta1, s.to_canonical());
  // C = sum_private w_i C_i + sum h_i H_i + s A + r B - r s delta
  const G1 pi_c = G1::from_affine(*c).add_mixed(*hh) + ec::g1_mul(pi_a, s.to_canonical()) +
                  ec::g1_mul(b_in_g1, r.to_canonical()) + ec::g1_mul(delta1, (-(r * s)).to_canonical());
  ProofWithPublic out;
  out.proof = {pi_a.to_affine(), pi_b.to_affine(), pi_c.to_affine()};
  out.public_signals.assign(w.begin() + 1, w.begin() + 1 + pk.n_public - (commitment ? 1 : 0));
  out.commitment = commitment;
  return out;
}

}  // namespace proofagg::groth16

#include "aggregator/groth16/setup.hpp"

#include <bit>
#include <type_traits>
#include <random>
#include <string>

#include "aggregator/groth16/lagrange.hpp"
#include "aggregator/groth16/randomness.hpp"
#include "kernels/core/parallel.hpp"
#include "kernels/ec/batch_normalize.hpp"
#include "kernels/ec/fixed_base.hpp"
#include "kernels/ff/batch_inverse.hpp"
#include "kernels/ntt/ntt.hpp"

namespace proofagg::groth16 {
namespace {

using ff::Fr;

// What both setups share: the domain, snarkjs's coefficient list (A and B rows, then
// the rows m + s, s <= nPublic, "wire s times 0 = 0" that make public u_s independent),
// and every wire's terms per matrix.
struct Qap {
  std::size_t m = 0, n_public = 0, n = 0;
  std::vector<QapCoefficient> coefficients;
  struct Term {
    std::uint32_t row;
    Fr coefficient;
  };
  std::vector<std::vector<Term>> a, b, c;  // per wire
};

Result<Qap> qap_layout(const R1cs& r1cs) {
  Qap q;
  q.m = r1cs.constraints.size();
  q.n_public = r1cs.n_public();
  q.n = std::bit_ceil(q.m + q.n_public + 1);
  if (std::countr_zero(q.n) >= ff::FrParams::two_adicity) return make_error("setup: circuit too large for BN254's 2-adicity");
  q.a.resize(r1cs.n_wires);
  q.b.resize(r1cs.n_wires);
  q.c.resize(r1cs.n_wires);
  for (std::size_t row = 0; row < q.m; ++row) {
    const auto r = static_cast<std::uint32_t>(row);
    for (const R1csTerm& t : r1cs.constraints[row].a) {
      q.a[t.wire].push_back({r, t.coefficient});
      q.coefficients.push_back({0, r, t.wire, t.coefficient});
    }
    for (const R1csTerm& t : r1cs.constraints[row].b) {
      q.b[t.wire].push_back({r, t.coefficient});
      q.coefficients.push_back({1, r, t.wire, t.coefficient});
    }
    for (const R1csTerm& t : r1cs.constraints[row].c) q.c[t.wire].push_back({r, t.coefficient});
  }
  for (std::uint32_t s = 0; s <= q.n_public; ++s) {
    const auto r = static_cast<std::uint32_t>(q.m + s);
    q.a[s].push_back({r, Fr::one()});
    q.coefficients.push_back({0, r, s, Fr::one()});
  }
  return q;
}

// sum over terms of coefficient * basis[row].
template <class Curve>
ec::Jacobian<Curve> combine(const std::vector<Qap::Term>& terms, std::span<const ec::Affine<Curve>> basis) {
  ec::Jacobian<Curve> sum = ec::Jacobian<Curve>::infinity();
  for (const Qap::Term& t : terms) {
    const auto p = ec::Jacobian<Curve>::from_affine(basis[t.row]);
    if (t.coefficient == Fr::one()) {
      sum += p;
    } else if constexpr (std::is_same_v<Curve, ec::G1Curve>) {
      sum += ec::g1_mul(p, t.coefficient.to_canonical());
    } else {
      sum += ec::g2_mul(p, t.coefficient.to_canonical());
    }
  }
  return sum;
}

Status check_committed_range(const R1cs& r1cs, const std::optional<WireRange>& committed) {
  if (!committed) return {};
  if (r1cs.n_public() == 0 || committed->begin <= r1cs.n_public() || committed->end > r1cs.n_wires ||
      committed->begin >= committed->end) {
    return make_error("setup: committed wires [" + std::to_string(committed->begin) + ", " +
                      std::to_string(committed->end) + ") are not a non-empty range of private wires after a public challenge");
  }
  return {};
}

bool is_committed(const std::optional<WireRange>& committed, std::size_t s) {
  return committed && s >= committed->begin && s < committed->end;
}

// The commitment key from the committed wires' bases over gamma: sigma and the
// verifier's G2 point drawn here and dropped.
CommitmentKey commitment_key(WireRange wires, std::vector<ec::G1Affine> basis) {
  std::random_device source;
  const Fr sigma = random_nonzero_scalar(source), g_scalar = random_nonzero_scalar(source);
  CommitmentKey key;
  key.wires = wires;
  std::vector<ec::G1> sigma_basis(basis.size());
  parallel_for(basis.size(), 64, [&](std::size_t i) {
    sigma_basis[i] = ec::g1_mul(ec::G1::from_affine(basis[i]), sigma.to_canonical());
  });
  key.sigma_basis.resize(basis.size());
  ec::batch_to_affine<ec::G1Curve>(sigma_basis, key.sigma_basis);
  key.basis = std::move(basis);
  const ec::G2 g = ec::g2_mul(ec::G2::from_affine(ec::g2_generator()), g_scalar.to_canonical());
  key.verifying.g = g.to_affine();
  key.verifying.g_sigma_neg = (-ec::g2_mul(g, sigma.to_canonical())).to_affine();
  return key;
}

template <class Curve>
std::vector<ec::Affine<Curve>> normalized(std::vector<ec::Jacobian<Curve>>& points) {
  std::vector<ec::Affine<Curve>> out(points.size());
  ec::batch_to_affine<Curve>(points, out);
  return out;
}

}  // namespace

Result<ProvingKey> development_setup(const R1cs& r1cs, std::optional<WireRange> committed) {
  if (Status s = check_committed_range(r1cs, committed); !s) return s.failure();
  Result<Qap> qap = qap_layout(r1cs);
  if (!qap) return qap.failure();
  const std::size_t n = qap->n, n_public = qap->n_public;
  std::random_device source;
  const Fr tau = random_nonzero_scalar(source), alpha = random_nonzero_scalar(source), beta = random_nonzero_scalar(source),
           gamma = random_nonzero_scalar(source), delta = random_nonzero_scalar(source);
  if (tau.pow(ff::Limbs{{2 * n, 0, 0, 0}}) == Fr::one()) return make_error("setup: tau fell on a root of unity; retry");

  ProvingKey pk;
  pk.n_vars = r1cs.n_wires;
  pk.n_public = static_cast<std::uint32_t>(n_public);
  pk.domain_size = static_cast<std::uint32_t>(n);
  pk.coefficients = std::move(qap->coefficients);

  // u, v, w: the QAP polynomials of every wire at tau.
  const std::vector<Fr> lagrange = lagrange_at(tau, n, 0, 1, n);
  const auto at_tau = [&](const std::vector<Qap::Term>& terms) {
    Fr sum = Fr::zero();
    for (const Qap::Term& t : terms) sum += t.coefficient * lagrange[t.row];
    return sum;
  };
  std::vector<Fr> u(pk.n_vars), v(pk.n_vars), w(pk.n_vars);
  for (std::size_t s = 0; s < pk.n_vars; ++s) {
    u[s] = at_tau(qap->a[s]);
    v[s] = at_tau(qap->b[s]);
    w[s] = at_tau(qap->c[s]);
  }
  *qap = Qap{};  // the terms are done with: millions of them in a large circuit

  const Fr gamma_inv = gamma.inverse(), delta_inv = delta.inverse();
  std::vector<Fr> ic_scalars(n_public + 1), c_scalars(pk.n_vars - n_public - 1), committed_scalars;
  for (std::size_t s = 0; s < pk.n_vars; ++s) {
    const Fr combined = beta * u[s] + alpha * v[s] + w[s];
    if (s <= n_public) {
      ic_scalars[s] = combined * gamma_inv;
    } else if (is_committed(committed, s)) {
      committed_scalars.push_back(combined * gamma_inv);  // its C point stays at infinity (scalar 0)
    } else {
      c_scalars[s - n_public - 1] = combined * delta_inv;
    }
  }
  // H_i = L_{2i+1}(tau) / delta on the domain of size 2n: the prover's quotient
  // evaluations live on those odd points (snarkjs's convention).
  std::vector<Fr> h_scalars = lagrange_at(tau, 2 * n, 1, 2, n);
  for (Fr& x : h_scalars) x = x * delta_inv;

  const ec::FixedBaseTable<ec::G1Curve> g1(ec::g1_generator());
  const ec::FixedBaseTable<ec::G2Curve> g2(ec::g2_generator());
  pk.alpha = g1.multiply(alpha.to_canonical()).to_affine();
  pk.beta1 = g1.multiply(beta.to_canonical()).to_affine();
  pk.delta1 = g1.multiply(delta.to_canonical()).to_affine();
  pk.beta2 = g2.multiply(beta.to_canonical()).to_affine();
  pk.gamma2 = g2.multiply(gamma.to_canonical()).to_affine();
  pk.delta2 = g2.multiply(delta.to_canonical()).to_affine();
  pk.ic = g1.multiples(ic_scalars);
  pk.a = g1.multiples(u);
  pk.b1 = g1.multiples(v);
  pk.b2 = g2.multiples(v);
  pk.c = g1.multiples(c_scalars);
  pk.h = g1.multiples(h_scalars);
  if (committed) pk.commitment = commitment_key(*committed, g1.multiples(committed_scalars));
  return pk;
}

Result<ProvingKey> setup_from_ptau(const R1cs& r1cs, const PowersOfTau& ptau, std::optional<WireRange> committed) {
  if (Status s = check_committed_range(r1cs, committed); !s) return s.failure();
  const Result<Qap> qap = qap_layout(r1cs);
  if (!qap) return qap.failure();
  const std::size_t n = qap->n;
  if (std::countr_zero(n) > static_cast<int>(ptau.power())) {
    return make_error("setup: the circuit needs a domain of 2^" + std::to_string(std::countr_zero(n)) +
                      ", the powers of tau go up to 2^" + std::to_string(ptau.power()));
  }
  const auto l1 = ptau.lagrange_g1(n);
  if (!l1) return l1.failure();
  const auto l2 = ptau.lagrange_g2(n);
  if (!l2) return l2.failure();
  const auto alpha_l = ptau.alpha_lagrange_g1(n);
  if (!alpha_l) return alpha_l.failure();
  const auto beta_l = ptau.beta_lagrange_g1(n);
  if (!beta_l) return beta_l.failure();
  const auto l1_double = ptau.lagrange_g1(2 * n);
  if (!l1_double) return l1_double.failure();
  const auto alpha = ptau.alpha_g1();
  if (!alpha) return alpha.failure();
  const auto beta1 = ptau.beta_g1();
  if (!beta1) return beta1.failure();
  const auto beta2 = ptau.beta_g2();
  if (!beta2) return beta2.failure();

  ProvingKey pk;
  pk.n_vars = r1cs.n_wires;
  pk.n_public = static_cast<std::uint32_t>(qap->n_public);
  pk.domain_size = static_cast<std::uint32_t>(n);
  pk.coefficients = qap->coefficients;
  pk.alpha = *alpha;
  pk.beta1 = *beta1;
  pk.beta2 = *beta2;
  // The contribution: delta (and gamma, for a commitment), drawn here and dropped
  // when this function returns. Without a commitment gamma = 1, as snarkjs: public
  // inputs need no secret there.
  std::random_device source;
  const Fr delta = random_nonzero_scalar(source);
  const Fr gamma = committed ? random_nonzero_scalar(source) : Fr::one();
  const ff::Limbs delta_inv = delta.inverse().to_canonical();
  const ff::Limbs gamma_inv = gamma.inverse().to_canonical();
  pk.gamma2 = ec::g2_mul(ec::G2::from_affine(ec::g2_generator()), gamma.to_canonical()).to_affine();
  pk.delta1 = ec::g1_mul(ec::G1::from_affine(ec::g1_generator()), delta.to_canonical()).to_affine();
  pk.delta2 = ec::g2_mul(ec::G2::from_affine(ec::g2_generator()), delta.to_canonical()).to_affine();

  const std::size_t wires = pk.n_vars, n_public = qap->n_public;
  std::vector<ec::G1> a(wires), b1(wires), k(wires);
  std::vector<ec::G2> b2(wires);
  parallel_for(wires, 16, [&](std::size_t s) {
    a[s] = combine<ec::G1Curve>(qap->a[s], *l1);
    b1[s] = combine<ec::G1Curve>(qap->b[s], *l1);
    b2[s] = combine<ec::G2Curve>(qap->b[s], *l2);
    // K_s = [beta u_s + alpha v_s + w_s]: over gamma for public and committed wires,
    // over delta otherwise.
    k[s] = combine<ec::G1Curve>(qap->a[s], *beta_l) + combine<ec::G1Curve>(qap->b[s], *alpha_l) +
           combine<ec::G1Curve>(qap->c[s], *l1);
    const bool over_gamma = s <= n_public || is_committed(committed, s);
    if (!over_gamma) {
      k[s] = ec::g1_mul(k[s], delta_inv);
    } else if (committed) {
      k[s] = ec::g1_mul(k[s], gamma_inv);
    }
  });
  std::vector<ec::G1> h(n);
  parallel_for(n, 16, [&](std::size_t i) {
    h[i] = ec::g1_mul(ec::G1::from_affine((*l1_double)[2 * i + 1]), delta_inv);  // L_{2i+1} on the 2n domain
  });
  pk.a = normalized<ec::G1Curve>(a);
  pk.b1 = normalized<ec::G1Curve>(b1);
  pk.b2 = normalized<ec::G2Curve>(b2);
  const std::vector<ec::G1Affine> all_k = normalized<ec::G1Curve>(k);
  pk.ic.assign(all_k.begin(), all_k.begin() + n_public + 1);
  pk.c.assign(all_k.begin() + n_public + 1, all_k.end());
  if (committed) {
    const auto first = all_k.begin() + committed->begin, last = all_k.begin() + committed->end;
    pk.commitment = commitment_key(*committed, std::vector<ec::G1Affine>(first, last));
    for (std::uint32_t s = committed->begin; s < committed->end; ++s) pk.c[s - n_public - 1] = ec::G1Affine::infinity();
  }
  pk.h = normalized<ec::G1Curve>(h);
  return pk;
}

}  // namespace proofagg::groth16

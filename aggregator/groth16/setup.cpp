#include "aggregator/groth16/setup.hpp"

#include <bit>
#include <random>
#include <string>

#include "kernels/core/parallel.hpp"
#include "kernels/ec/batch_normalize.hpp"
#include "kernels/ec/fixed_base.hpp"
#include "kernels/ff/batch_inverse.hpp"
#include "kernels/ntt/ntt.hpp"

namespace proofagg::groth16 {
namespace {

using ff::Fr;

Fr random_nonzero(std::random_device& source) {
  for (;;) {
    ff::Limbs k{};
    for (int i = 0; i < 8; ++i) k.v[i / 2] |= std::uint64_t{source()} << (32 * (i % 2));
    k.v[3] &= (std::uint64_t{1} << 62) - 1;
    if (ff::limbs_less(k, ff::FrParams::modulus()) && !ff::limbs_is_zero(k)) return Fr::from_canonical(k);
  }
}

// L_j(tau) for the domain <w> of size m, j = first, first + step, ...:
// L_j(x) = (x^m - 1) w^j / (m (x - w^j)).
std::vector<Fr> lagrange_at(const Fr& tau, std::size_t m, std::size_t first, std::size_t step, std::size_t count) {
  const Fr w = ntt::root_of_unity(std::countr_zero(m));
  const Fr w_step = w.pow(ff::Limbs{{step, 0, 0, 0}});
  const Fr factor = (tau.pow(ff::Limbs{{m, 0, 0, 0}}) - Fr::one()) * Fr::from_u64(m).inverse();
  std::vector<Fr> points(count), inverse(count);
  Fr x = w.pow(ff::Limbs{{first, 0, 0, 0}});
  for (std::size_t i = 0; i < count; ++i) {
    points[i] = x;
    inverse[i] = tau - x;  // tau is random: never a root of unity in practice; checked below
    x = x * w_step;
  }
  ff::batch_inverse(std::span<Fr>(inverse));
  std::vector<Fr> out(count);
  for (std::size_t i = 0; i < count; ++i) out[i] = factor * points[i] * inverse[i];
  return out;
}

template <class Curve>
std::vector<ec::Affine<Curve>> multiples(const ec::FixedBaseTable<Curve>& table, std::span<const Fr> scalars) {
  std::vector<ec::Jacobian<Curve>> jac(scalars.size());
  parallel_for(scalars.size(), 64, [&](std::size_t i) { jac[i] = table.multiply(scalars[i].to_canonical()); });
  std::vector<ec::Affine<Curve>> out(scalars.size());
  ec::batch_to_affine<Curve>(jac, out);
  return out;
}

}  // namespace

Result<ProvingKey> development_setup(const R1cs& r1cs) {
  const std::size_t m = r1cs.constraints.size();
  const std::size_t n_public = r1cs.n_public();
  const std::size_t n = std::bit_ceil(m + n_public + 1);
  if (std::countr_zero(n) >= ff::FrParams::two_adicity) return make_error("setup: circuit too large for BN254's 2-adicity");
  std::random_device source;
  const Fr tau = random_nonzero(source), alpha = random_nonzero(source), beta = random_nonzero(source),
           gamma = random_nonzero(source), delta = random_nonzero(source);
  if (tau.pow(ff::Limbs{{2 * n, 0, 0, 0}}) == Fr::one()) return make_error("setup: tau fell on a root of unity; retry");

  ProvingKey pk;
  pk.n_vars = r1cs.n_wires;
  pk.n_public = static_cast<std::uint32_t>(n_public);
  pk.domain_size = static_cast<std::uint32_t>(n);

  // u, v, w: the QAP polynomials of every wire at tau. Row m + s (s <= nPublic) holds
  // snarkjs's extra constraint "wire s times 0 = 0", which makes the public u_s independent.
  const std::vector<Fr> lagrange = lagrange_at(tau, n, 0, 1, n);
  std::vector<Fr> u(pk.n_vars, Fr::zero()), v(pk.n_vars, Fr::zero()), w(pk.n_vars, Fr::zero());
  for (std::size_t c = 0; c < m; ++c) {
    const R1csConstraint& constraint = r1cs.constraints[c];
    for (const R1csTerm& t : constraint.a) {
      u[t.wire] += t.coefficient * lagrange[c];
      pk.coefficients.push_back({0, static_cast<std::uint32_t>(c), t.wire, t.coefficient});
    }
    for (const R1csTerm& t : constraint.b) {
      v[t.wire] += t.coefficient * lagrange[c];
      pk.coefficients.push_back({1, static_cast<std::uint32_t>(c), t.wire, t.coefficient});
    }
    for (const R1csTerm& t : constraint.c) w[t.wire] += t.coefficient * lagrange[c];
  }
  for (std::uint32_t s = 0; s <= n_public; ++s) {
    u[s] += lagrange[m + s];
    pk.coefficients.push_back({0, static_cast<std::uint32_t>(m + s), s, Fr::one()});
  }

  const Fr gamma_inv = gamma.inverse(), delta_inv = delta.inverse();
  std::vector<Fr> ic_scalars(n_public + 1), c_scalars(pk.n_vars - n_public - 1);
  for (std::size_t s = 0; s < pk.n_vars; ++s) {
    const Fr combined = beta * u[s] + alpha * v[s] + w[s];
    if (s <= n_public) {
      ic_scalars[s] = combined * gamma_inv;
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
  pk.ic = multiples(g1, ic_scalars);
  pk.a = multiples(g1, u);
  pk.b1 = multiples(g1, v);
  pk.b2 = multiples(g2, v);
  pk.c = multiples(g1, c_scalars);
  pk.h = multiples(g1, h_scalars);
  return pk;
}

}  // namespace proofagg::groth16

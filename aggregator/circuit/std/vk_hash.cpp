#include "aggregator/circuit/std/vk_hash.hpp"

#include <functional>
#include <stdexcept>
#include <string_view>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/poseidon.hpp"
#include "kernels/ff/codec.hpp"

namespace proofagg::circuit {
namespace {

void visit_g1(const G1Var& p, const std::function<void(const FqVar&)>& visit) {
  visit(p.x);
  visit(p.y);
}

// Every coordinate of alpha, beta, gamma and delta, in the chain's order.
void for_each_fixed_coordinate(const VerifyingKeyVar& vk, const std::function<void(const FqVar&)>& visit) {
  visit_g1(vk.alpha, visit);
  for (const G2Var* p : {&vk.beta, &vk.gamma, &vk.delta}) {
    for (const FqVar* x : {&p->x.c0, &p->x.c1, &p->y.c0, &p->y.c1}) visit(*x);
  }
}

// The chain's value after absorbing n (`input_count`), alpha .. delta, then IC_0 ..
// IC_i, for every i.
std::vector<LC> chain_after_each_ic(Builder& b, const VerifyingKeyVar& vk, const LC& input_count) {
  constexpr std::string_view kTag = "proofagg.vk.v1";
  ff::FieldBytes tag{};
  std::copy(kTag.begin(), kTag.end(), tag.end() - kTag.size());
  const std::vector<LC> start{LC(Fr::from_canonical(ff::limbs_from_be_bytes(tag))), input_count};
  LC h = poseidon(b, start);
  const auto absorb = [&](const FqVar& coordinate) {
    for (const LC& half : EmulatedFq::halves(coordinate)) {
      const std::vector<LC> pair{h, half};
      h = poseidon(b, pair);
    }
  };
  for_each_fixed_coordinate(vk, absorb);
  std::vector<LC> out;
  for (const G1Var& p : vk.ic) {
    visit_g1(p, absorb);
    out.push_back(h);
  }
  return out;
}

Variable output_wire(Builder& b, const LC& h) {
  const std::vector<LC> in{h};
  const Variable out = b.hint1(in, [](std::span<const Fr> v) { return v[0]; });
  b.constrain(LC(out) - h, LC::constant(1), LC(), "vk_hash output");
  return out;
}

}  // namespace

VerifyingKeyVar private_verifying_key(EmulatedTower& tower, const groth16::VerifyingKey& vk) {
  EmulatedFq& fq = tower.fq();
  EmulatedG1 g1(fq);
  EmulatedG2 g2(tower);
  VerifyingKeyVar out{g1.private_input(vk.alpha), g2.private_input(vk.beta), g2.private_input(vk.gamma),
                      g2.private_input(vk.delta), {}};
  for (const ec::G1Affine& p : vk.ic) out.ic.push_back(g1.private_input(p));
  const auto canonical = [&](const FqVar& x) { fq.assert_canonical(x); };
  for_each_fixed_coordinate(out, canonical);
  for (const G1Var& p : out.ic) visit_g1(p, canonical);
  return out;
}

Variable vk_hash(Builder& b, const VerifyingKeyVar& vk) {
  return output_wire(b, chain_after_each_ic(b, vk, LC::constant(vk.ic.size() - 1)).back());
}

Variable vk_hash(Builder& b, const VerifyingKeyVar& vk, std::span<const LC> input_count_selectors) {
  if (input_count_selectors.size() != vk.ic.size()) throw std::logic_error("vk_hash: one selector per IC point");
  LC input_count;
  for (std::size_t n = 1; n < input_count_selectors.size(); ++n) input_count += input_count_selectors[n] * Fr::from_u64(n);
  const std::vector<LC> chain = chain_after_each_ic(b, vk, input_count);
  LC h;
  for (std::size_t n = 0; n < chain.size(); ++n) h += mul(b, input_count_selectors[n], chain[n], "vk_hash selection");
  return output_wire(b, h);
}

}  // namespace proofagg::circuit

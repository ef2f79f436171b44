#include "aggregator/circuit/std/vk_hash.hpp"

#include <functional>
#include <string_view>

#include "aggregator/circuit/std/poseidon.hpp"
#include "kernels/ff/codec.hpp"

namespace proofagg::circuit {
namespace {

// Every coordinate of the key in the chain's order: alpha, beta, gamma, delta, IC.
void for_each_coordinate(const VerifyingKeyVar& vk, const std::function<void(const FqVar&)>& visit) {
  const auto g1 = [&](const G1Var& p) {
    visit(p.x);
    visit(p.y);
  };
  g1(vk.alpha);
  for (const G2Var* p : {&vk.beta, &vk.gamma, &vk.delta}) {
    for (const FqVar* x : {&p->x.c0, &p->x.c1, &p->y.c0, &p->y.c1}) visit(*x);
  }
  for (const G1Var& p : vk.ic) g1(p);
}

}  // namespace

VerifyingKeyVar private_verifying_key(EmulatedTower& tower, const groth16::VerifyingKey& vk) {
  EmulatedFq& fq = tower.fq();
  EmulatedG1 g1(fq);
  EmulatedG2 g2(tower);
  VerifyingKeyVar out{g1.private_input(vk.alpha), g2.private_input(vk.beta), g2.private_input(vk.gamma),
                      g2.private_input(vk.delta), {}};
  for (const ec::G1Affine& p : vk.ic) out.ic.push_back(g1.private_input(p));
  for_each_coordinate(out, [&](const FqVar& x) { fq.assert_canonical(x); });
  return out;
}

Variable vk_hash(Builder& b, const VerifyingKeyVar& vk) {
  constexpr std::string_view kTag = "proofagg.vk.v1";
  ff::FieldBytes tag{};
  std::copy(kTag.begin(), kTag.end(), tag.end() - kTag.size());
  const std::vector<LC> start{LC(Fr::from_canonical(ff::limbs_from_be_bytes(tag))),
                              LC::constant(vk.ic.size() - 1)};
  LC h = poseidon(b, start);
  for_each_coordinate(vk, [&](const FqVar& coordinate) {
    for (const LC& half : EmulatedFq::halves(coordinate)) {
      const std::vector<LC> pair{h, half};
      h = poseidon(b, pair);
    }
  });
  const std::vector<LC> out_in{h};
  const Variable out = b.hint1(out_in, [](std::span<const Fr> v) { return v[0]; });
  b.constrain(LC(out) - h, LC::constant(1), LC(), "vk_hash output");
  return out;
}

}  // namespace proofagg::circuit

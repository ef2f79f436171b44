#include "aggregator/circuit/stats.hpp"

#include <algorithm>
#include <functional>
#include <memory>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/lookup.hpp"
#include "aggregator/circuit/std/curve.hpp"
#include "aggregator/circuit/std/groth16.hpp"
#include "aggregator/circuit/std/pairing.hpp"
#include "aggregator/circuit/std/poseidon.hpp"
#include "aggregator/circuit/std/sha256.hpp"
#include "aggregator/circuit/std/tower.hpp"

namespace proofagg::circuit {
namespace {

using Arithmetic = Builder::Arithmetic;

// Constraints `gadget` adds to the circuit `setup` builds. A committed circuit is
// counted finalized (with its deferred checks), with 16-bit lookup chunks as a large
// circuit has them, and without the lookup table it shares with everything else.
template <class Inputs>
std::size_t count(Arithmetic arithmetic, const std::function<Inputs(Builder&)>& setup,
                  const std::function<void(Builder&, Inputs&)>& gadget) {
  const auto build = [&](bool with_gadget) {
    Builder b(Builder::Mode::kConstraints, arithmetic);
    if (b.committed()) b.set_lookup_chunk_bits(RangeLookup::kMaxChunkBits);
    Inputs inputs = setup(b);
    if (with_gadget) gadget(b, inputs);
    b.finalize();
    return b.constraints() - b.lookup_table_rows();
  };
  return build(true) - build(false);
}

struct TowerInputs {
  std::unique_ptr<EmulatedFq> fq;
  std::unique_ptr<EmulatedTower> tower;
  FqVar a, c;
  Fq12Var x, y;
  TorusVar g, h;
  Fq2Var d;
};

// d + d w + d w^3: a line's shape.
SparseFq12 line_of(const TowerInputs& in) { return {in.d, in.d, std::nullopt, in.d, std::nullopt, std::nullopt}; }

TowerInputs tower_inputs(Builder& b) {
  TowerInputs in;
  in.fq = std::make_unique<EmulatedFq>(b);
  in.tower = std::make_unique<EmulatedTower>(*in.fq);
  in.a = in.fq->private_input(ff::Fq::zero());
  in.c = in.fq->private_input(ff::Fq::zero());
  in.x = in.tower->private_input(ff::Fq12::zero());
  in.y = in.tower->private_input(ff::Fq12::zero());
  in.g = in.tower->torus_witness(ff::Fq12::one());
  in.h = in.tower->torus_witness(ff::Fq12::one());
  in.d = in.tower->private_input(ff::Fq2::zero());
  return in;
}

std::size_t poseidon_count(Arithmetic arithmetic, std::size_t width) {
  return count<std::vector<LC>>(arithmetic, 
      [width](Builder& b) {
        std::vector<LC> in;
        for (std::size_t i = 1; i < width; ++i) in.emplace_back(b.private_input());
        return in;
      },
      [](Builder& b, std::vector<LC>& in) { (void)poseidon(b, in); });
}

void add_counts(Arithmetic arithmetic, std::span<const std::string> only, std::vector<GadgetCount>& out) {
  const auto add = [&](std::string name, const std::function<std::size_t()>& measure) {
    if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) return;
    const std::size_t constraints = measure();
    out.push_back({std::move(name), arithmetic == Arithmetic::kPlain ? "plain" : "committed", constraints});
  };
  const auto tower_count = [arithmetic](const std::function<void(TowerInputs&)>& gadget) {
    return count<TowerInputs>(arithmetic, tower_inputs, [&](Builder&, TowerInputs& in) { gadget(in); });
  };
  add("range_check_64", [&] { return count<Variable>(arithmetic, [](Builder& b) { return b.private_input(); },
                                        [](Builder& b, Variable& x) { range_check(b, x, 64); }); });
  add("fq_mul", [&] { return tower_count([](TowerInputs& in) { (void)in.fq->mul(in.a, in.c); }); });
  add("fq_inverse", [&] { return tower_count([](TowerInputs& in) { (void)in.fq->inverse(in.a); }); });
  add("fq_canonical", [&] { return tower_count([](TowerInputs& in) { (void)in.fq->canonical(in.a); }); });
  add("fq2_mul", [&] { return tower_count([](TowerInputs& in) { (void)in.tower->mul(in.x.c[0], in.y.c[0]); }); });
  add("fq12_mul", [&] { return tower_count([](TowerInputs& in) { (void)in.tower->mul(in.x, in.y); }); });
  add("fq12_mul_by_line", [&] { return tower_count([](TowerInputs& in) { (void)in.tower->mul_sparse(in.x, line_of(in)); }); });
  add("torus_square", [&] { return tower_count([](TowerInputs& in) { (void)in.tower->torus_square(in.g); }); });
  add("torus_mul", [&] { return tower_count([](TowerInputs& in) { (void)in.tower->torus_mul(in.g, in.h); }); });
  add("torus_mul_by_line", [&] { return tower_count([](TowerInputs& in) { (void)in.tower->torus_mul(in.g, line_of(in)); }); });
  add("g1_add", [&] { return tower_count([](TowerInputs& in) {
    EmulatedG1 g1(*in.fq);
    (void)g1.add({in.a, in.c}, {in.c, in.a});
  }); });
  add("g1_double", [&] { return tower_count([](TowerInputs& in) {
    EmulatedG1 g1(*in.fq);
    (void)g1.dbl({in.a, in.c});
  }); });
  add("g2_add", [&] { return tower_count([](TowerInputs& in) {
    EmulatedG2 g2(*in.tower);
    (void)g2.add({in.x.c[0], in.x.c[1]}, {in.x.c[2], in.x.c[3]});
  }); });
  add("g2_double", [&] { return tower_count([](TowerInputs& in) {
    EmulatedG2 g2(*in.tower);
    (void)g2.dbl({in.x.c[0], in.x.c[1]});
  }); });
  // [k] P for a variable point and a scalar of 254 (an Fr value, canonical bits) or
  // 128 bits (a batching coefficient).
  for (const std::size_t bits : {std::size_t{254}, std::size_t{128}}) {
    add(bits == 254 ? "g1_scalar_mul" : "g1_scalar_mul_128", [&] { return tower_count([bits](TowerInputs& in) {
      EmulatedG1 g1(*in.fq);
      Builder& b = in.fq->builder();
      const std::vector<G1Var> points{{in.a, in.c}};
      const std::vector<std::vector<Variable>> scalars{bits == 254 ? to_bits_below_r(b, b.private_input())
                                                                    : to_bits(b, b.private_input(), bits)};
      (void)g1.multi_scalar_mul(points, scalars);
    }); });
  }
  add("g2_subgroup_check", [&] { return tower_count([](TowerInputs& in) {
    EmulatedG2 g2(*in.tower);
    g2.assert_in_subgroup({in.x.c[0], in.x.c[1]});
  }); });
  // The optimal ate Miller loop of one variable pair (no final exponentiation yet).
  add("miller_loop_1_pair", [&] { return tower_count([](TowerInputs& in) {
    EmulatedPairing pairing(*in.tower);
    const std::vector<G1Var> ps{{in.a, in.c}};
    const std::vector<G2Var> qs{{in.x.c[0], in.x.c[1]}};
    (void)pairing.ate_miller_loop(ps, qs);
  }); });
  // Pairing checks of n variable pairs (their G2 points proven in G2 by the loop).
  for (const std::size_t pairs : {std::size_t{1}, std::size_t{2}, std::size_t{4}}) {
    add("pairing_check_" + std::to_string(pairs), [&] { return tower_count([pairs](TowerInputs& in) {
      EmulatedG1 g1(*in.fq);
      EmulatedG2 g2(*in.tower);
      EmulatedPairing pairing(*in.tower);
      std::vector<G1Var> ps;
      std::vector<G2Var> qs;
      for (std::size_t i = 0; i < pairs; ++i) {
        ps.push_back(g1.private_input(ec::g1_generator()));
        qs.push_back(g2.private_input(ec::g2_generator()));
      }
      pairing.assert_product_is_one(ps, qs);
    }); });
  }
  // One proof with one full-width public input, against a key fixed in the circuit
  // (a node's or the wrapper's) or given as a witness with its vk_hash (a leaf's).
  const auto point = [](std::uint64_t k) {
    return ec::g1_mul(ec::G1::from_affine(ec::g1_generator()), ff::Fr::from_u64(k).to_canonical()).to_affine();
  };
  const auto point2 = [](std::uint64_t k) {
    return ec::g2_mul(ec::G2::from_affine(ec::g2_generator()), ff::Fr::from_u64(k).to_canonical()).to_affine();
  };
  const groth16::VerifyingKey vk{point(2), point2(3), point2(5), point2(7), {point(11), point(13)}, std::nullopt};
  const groth16::Proof proof{point(17), point2(19), point(23)};
  add("groth16_verify_fixed_key", [&] { return tower_count([&](TowerInputs& in) {
    Groth16FixedKeyVerifier verifier(*in.tower, vk);
    Builder& b = in.fq->builder();
    const std::vector<std::vector<Variable>> input{to_bits_below_r(b, b.private_input())};
    verifier.assert_verifies(verifier.private_proof(proof), input);
  }); });
  add("groth16_verify_witness_key", [&] { return tower_count([&](TowerInputs& in) {
    Groth16WitnessKeyVerifier verifier(*in.tower);
    Builder& b = in.fq->builder();
    const auto key = verifier.private_key(vk);
    const std::vector<std::vector<Variable>> input{to_bits_below_r(b, b.private_input())};
    verifier.assert_verifies(key, verifier.private_proof(proof), input);
  }); });
  // Eight proofs of one witness key in one batched pairing check (a leaf's batch).
  add("groth16_batch_verify_witness_key_8", [&] { return tower_count([&](TowerInputs& in) {
    Groth16WitnessKeyVerifier verifier(*in.tower);
    Builder& b = in.fq->builder();
    const auto key = verifier.private_key(vk);
    std::vector<Groth16ProofVar> proofs;
    std::vector<std::vector<std::vector<Variable>>> inputs;
    for (int j = 0; j < 8; ++j) {
      proofs.push_back(verifier.private_proof(proof));
      inputs.push_back({to_bits_below_r(b, b.private_input())});
    }
    verifier.assert_batch_verifies(key, proofs, inputs);
  }); });
  // Eight proofs of eight witness keys in one pairing check (a leaf of eight rollups).
  // Committed only: its plain build (some 50M constraints) outgrows a 24 GB machine.
  if (arithmetic == Arithmetic::kCommitted) add("groth16_batch_verify_8_witness_keys", [&] { return tower_count([&](TowerInputs& in) {
    Groth16WitnessKeyVerifier verifier(*in.tower);
    Builder& b = in.fq->builder();
    std::vector<Groth16WitnessKeyVerifier::Key> keys;
    std::vector<Groth16ProofVar> proofs;
    std::vector<std::vector<std::vector<Variable>>> inputs;
    for (int j = 0; j < 8; ++j) {
      keys.push_back(verifier.private_key(vk));
      proofs.push_back(verifier.private_proof(proof));
      inputs.push_back({to_bits_below_r(b, b.private_input())});
    }
    std::vector<Groth16WitnessKeyVerifier::KeyedProofs> groups;
    for (std::size_t j = 0; j < 8; ++j) groups.push_back({&keys[j], std::span(&proofs[j], 1), std::span(&inputs[j], 1)});
    verifier.assert_batch_verifies(groups);
  }); });
  for (std::size_t t = 2; t <= 6; ++t) add("poseidon_t" + std::to_string(t), [&] { return poseidon_count(arithmetic, t); });
  add("sha256_block", [&] { return count<std::pair<std::array<Word32, 8>, std::array<Word32, 16>>>(arithmetic, 
                          [](Builder& b) {
                            std::pair<std::array<Word32, 8>, std::array<Word32, 16>> in;
                            for (auto& w : in.first) {
                              for (auto& bit : w.bits) bit = b.private_input();
                            }
                            for (auto& w : in.second) {
                              for (auto& bit : w.bits) bit = b.private_input();
                            }
                            return in;
                          },
                          [](Builder& b, auto& in) { (void)sha256_compress(b, in.first, in.second); }); });
  add("merkle_node", [&] { return count<std::vector<LC>>(arithmetic, 
                         [](Builder& b) {
                           std::vector<LC> bits;
                           for (int i = 0; i < 512; ++i) bits.emplace_back(b.private_input());
                           return bits;
                         },
                         [](Builder& b, std::vector<LC>& bits) {
                           (void)merkle_node(b, std::span(bits).first(256), std::span(bits).subspan(256));
                         }); });
}

}  // namespace

std::vector<GadgetCount> gadget_constraint_counts(std::span<const std::string> only) {
  std::vector<GadgetCount> out;
  for (const Arithmetic arithmetic : {Arithmetic::kPlain, Arithmetic::kCommitted}) add_counts(arithmetic, only, out);
  return out;
}

}  // namespace proofagg::circuit

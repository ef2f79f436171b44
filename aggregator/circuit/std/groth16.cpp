#include "aggregator/circuit/std/groth16.hpp"

#include <algorithm>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/poseidon.hpp"

#include "aggregator/groth16/verifier.hpp"

namespace proofagg::circuit {
namespace {

// h absorbs `values` four at a time: h = Poseidon(h, v_i, .., v_(i+3)).
LC absorb(Builder& b, LC h, std::span<const LC> values) {
  for (std::size_t i = 0; i < values.size(); i += 4) {
    std::vector<LC> block{h};
    for (std::size_t j = i; j < std::min(values.size(), i + 4); ++j) block.push_back(values[j]);
    h = poseidon(b, block);
  }
  return h;
}

std::vector<LC> input_values(std::span<const std::vector<Variable>> bits) {
  std::vector<LC> out;
  for (const auto& x : bits) out.push_back(from_bits(x));
  return out;
}

// A point's canonical coordinates as 128-bit halves.
void append_halves(std::vector<LC>& out, const FqVar& coordinate) {
  for (const LC& half : EmulatedFq::halves(coordinate)) out.push_back(half);
}
void append_halves(std::vector<LC>& out, const G1Var& p) {
  append_halves(out, p.x);
  append_halves(out, p.y);
}
void append_halves(std::vector<LC>& out, const G2Var& p) {
  for (const Fq2Var* c : {&p.x, &p.y}) {
    append_halves(out, c->c0);
    append_halves(out, c->c1);
  }
}

// r_1 .. r_(count-1) (r_0 = 1 is implicit), 128 little-endian bits each: the low
// 128 bits of Poseidon(seed, j), seed the hash of `start` and the transcript,
// decomposed below r so that each hash value has one bit string.
std::vector<std::vector<Variable>> batch_coefficients(Builder& b, std::span<const LC> start,
                                                      std::span<const LC> transcript, std::size_t count) {
  const LC seed = absorb(b, poseidon(b, start), transcript);
  std::vector<std::vector<Variable>> out;
  for (std::size_t j = 1; j < count; ++j) {
    const std::vector<LC> in{seed, LC::constant(j)};
    std::vector<Variable> bits = to_bits_below_r(b, poseidon(b, in));
    bits.resize(128);
    out.push_back(std::move(bits));
  }
  return out;
}

}  // namespace

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
  // it) as 128-bit halves, then the inputs.
  std::vector<LC> point;
  append_halves(point, commitment.d);
  return to_bits_below_r(b, absorb(b, poseidon(b, point), input_values(public_input_bits)));
}

void Groth16FixedKeyVerifier::assert_verifies(const Groth16ProofVar& proof,
                                              std::span<const std::vector<Variable>> public_input_bits) {
  const std::vector<std::vector<Variable>> inputs(public_input_bits.begin(), public_input_bits.end());
  assert_batch_verifies(std::span(&proof, 1), std::span(&inputs, 1));
}

void Groth16FixedKeyVerifier::assert_batch_verifies(std::span<const Groth16ProofVar> proofs,
                                                    std::span<const std::vector<std::vector<Variable>>> public_input_bits) {
  const std::size_t statement = vk_.public_inputs() - (vk_.commitment ? 1 : 0);
  if (proofs.empty() || proofs.size() != public_input_bits.size()) {
    throw std::logic_error("Groth16FixedKeyVerifier: one input list per proof, at least one proof");
  }
  for (std::size_t j = 0; j < proofs.size(); ++j) {
    if (public_input_bits[j].size() != statement || proofs[j].commitment.has_value() != vk_.commitment.has_value()) {
      throw std::logic_error("Groth16FixedKeyVerifier: the key takes " + std::to_string(statement) +
                             " public inputs" + (vk_.commitment ? " and a commitment proof" : ""));
    }
  }
  const std::vector<ec::G1Affine> ic(vk_.ic.begin() + 1, vk_.ic.end());
  for (std::size_t j = 0; j < proofs.size(); ++j) {
    const Groth16ProofVar& proof = proofs[j];
    std::vector<std::vector<Variable>> scalars(public_input_bits[j].begin(), public_input_bits[j].end());
    if (proof.commitment) scalars.push_back(challenge_bits(*proof.commitment, public_input_bits[j]));
    G1Var l = g1_.fixed_base_msm(ic, scalars, g1_.constant(vk_.ic[0]));
    if (proof.commitment) l = g1_.add(l, proof.commitment->d);
    const std::vector<G1Var> p_variable{proof.a};
    const std::vector<G2Var> q_variable{proof.b};
    const std::vector<G1Var> p_fixed{g1_.neg(l), g1_.neg(proof.c)};
    const std::vector<FixedG2Lines> q_fixed{gamma_, delta_};
    const std::vector<ec::G1Affine> p_constant{-vk_.alpha};
    const std::vector<ec::G2Affine> q_constant{vk_.beta};
    pairing_.assert_product_is_one({p_variable, q_variable, p_fixed, q_fixed, p_constant, q_constant});
  }
  if (!vk_.commitment) return;
  // prod_j (e(D_j, -sigma g) e(P_j, g))^(r_j) = 1: every D_j is made of the committed
  // bases only.
  std::vector<G1Var> ds, ps;
  std::vector<LC> transcript;
  for (const Groth16ProofVar& proof : proofs) {
    ds.push_back(proof.commitment->d);
    ps.push_back(proof.commitment->knowledge);
    append_halves(transcript, proof.commitment->d);
    append_halves(transcript, proof.commitment->knowledge);
  }
  G1Var d_sum = ds[0], p_sum = ps[0];
  if (proofs.size() > 1) {
    Builder& b = tower_.fq().builder();
    const std::vector<LC> start{LC::constant(proofs.size())};
    const auto r = circuit::batch_coefficients(b, start, transcript, proofs.size());
    d_sum = g1_.multi_scalar_mul(std::span(ds).subspan(1), r, &ds[0]);
    p_sum = g1_.multi_scalar_mul(std::span(ps).subspan(1), r, &ps[0]);
  }
  const std::vector<G1Var> p_fixed{d_sum, p_sum};
  const std::vector<FixedG2Lines> q_fixed{*g_sigma_neg_, *g_};
  pairing_.assert_product_is_one({{}, {}, p_fixed, q_fixed});
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
  return {std::move(points), hash, {}};
}

Groth16WitnessKeyVerifier::Key Groth16WitnessKeyVerifier::private_key_of_at_most(const groth16::VerifyingKey& vk,
                                                                                 std::size_t max_inputs) {
  if (max_inputs > kMaxPublicInputs || vk.public_inputs() > max_inputs) {
    throw std::invalid_argument("Groth16WitnessKeyVerifier: a key of " + std::to_string(vk.public_inputs()) +
                                " inputs in room for " + std::to_string(max_inputs) + " (at most " +
                                std::to_string(kMaxPublicInputs) + ")");
  }
  if (vk.commitment) throw std::invalid_argument("Groth16WitnessKeyVerifier: keys with a commitment are not rollups' keys");
  Builder& b = tower_.fq().builder();
  groth16::VerifyingKey padded = vk;
  padded.ic.resize(max_inputs + 1, ec::g1_generator());
  std::vector<LC> selectors;
  LC one_set;
  for (std::size_t n = 0; n <= max_inputs; ++n) {
    const Variable s = b.private_input(Fr::from_u64(n == vk.public_inputs() ? 1 : 0));
    assert_boolean(b, s);
    selectors.emplace_back(s);
    one_set += s;
  }
  assert_equal(b, one_set, LC::constant(1));
  Key key{private_verifying_key(tower_, padded), {}, selectors};
  key.hash = vk_hash(b, key.points, selectors);
  return key;
}

Groth16ProofVar Groth16WitnessKeyVerifier::private_proof(const groth16::Proof& proof) {
  return {g1_.canonical_private_input(proof.a), g2_.canonical_private_input(proof.b),
          g1_.canonical_private_input(proof.c), {}};
}

void Groth16WitnessKeyVerifier::assert_verifies(const Key& key, const Groth16ProofVar& proof,
                                                std::span<const std::vector<Variable>> public_input_bits) {
  const std::vector<std::vector<Variable>> inputs(public_input_bits.begin(), public_input_bits.end());
  assert_batch_verifies(key, std::span(&proof, 1), std::span(&inputs, 1));
}

std::vector<std::vector<Variable>> Groth16WitnessKeyVerifier::batch_coefficients(std::span<const KeyedProofs> groups) {
  Builder& b = tower_.fq().builder();
  std::size_t total = 0;
  std::vector<LC> transcript;
  for (const KeyedProofs& group : groups) {
    transcript.emplace_back(group.key->hash);
    transcript.push_back(LC::constant(group.proofs.size()));
    for (std::size_t j = 0; j < group.proofs.size(); ++j) {
      append_halves(transcript, group.proofs[j].a);
      append_halves(transcript, group.proofs[j].b);
      append_halves(transcript, group.proofs[j].c);
      for (const LC& x : input_values(group.public_input_bits[j])) transcript.push_back(x);
    }
    total += group.proofs.size();
  }
  const std::vector<LC> start{LC::constant(groups.size()), LC::constant(total)};
  return circuit::batch_coefficients(b, start, transcript, total);
}

void Groth16WitnessKeyVerifier::assert_batch_verifies(const Key& key, std::span<const Groth16ProofVar> proofs,
                                                      std::span<const std::vector<std::vector<Variable>>> public_input_bits) {
  const KeyedProofs group{&key, proofs, public_input_bits};
  assert_batch_verifies(std::span(&group, 1));
}

void Groth16WitnessKeyVerifier::assert_batch_verifies(std::span<const KeyedProofs> groups) {
  std::size_t total = 0;
  for (const KeyedProofs& group : groups) {
    if (group.proofs.empty() || group.proofs.size() != group.public_input_bits.size()) {
      throw std::logic_error("Groth16WitnessKeyVerifier: one input list per proof, at least one proof per key");
    }
    for (std::size_t j = 0; j < group.proofs.size(); ++j) {
      if (group.public_input_bits[j].size() + 1 != group.key->points.ic.size() || group.proofs[j].commitment) {
        throw std::logic_error("Groth16WitnessKeyVerifier: one input per IC point after the first, no commitment");
      }
    }
    total += group.proofs.size();
  }
  if (total == 0) throw std::logic_error("Groth16WitnessKeyVerifier: no proof to verify");
  Builder& b = tower_.fq().builder();
  for (const KeyedProofs& group : groups) {
    // Input i is past n when n <= i: the selectors up to i summed.
    const std::vector<LC>& selectors = group.key->input_count_selectors;
    LC past;
    for (std::size_t i = 0; i + 1 < selectors.size(); ++i) {
      past += selectors[i];
      for (const std::vector<std::vector<Variable>>& inputs : group.public_input_bits) {
        b.constrain(from_bits(inputs[i]), past, LC(), "input past the key's count");
      }
    }
  }
  std::vector<G1Var> ps;
  std::vector<G2Var> qs;
  if (total == 1) {
    const VerifyingKeyVar& vk = groups[0].key->points;
    const Groth16ProofVar& proof = groups[0].proofs[0];
    const std::vector<G1Var> ic(vk.ic.begin() + 1, vk.ic.end());
    const G1Var l = g1_.multi_scalar_mul(ic, groups[0].public_input_bits[0], &vk.ic[0]);
    ps = {proof.a, g1_.neg(vk.alpha), g1_.neg(l), g1_.neg(proof.c)};
    qs = {proof.b, vk.beta, vk.gamma, vk.delta};
    pairing_.assert_product_is_one(ps, qs);
    return;
  }
  const auto r = batch_coefficients(groups);
  std::size_t n = 0;  // the proof's index in the whole batch; r_0 = 1
  for (const KeyedProofs& group : groups) {
    const VerifyingKeyVar& vk = group.key->points;
    const bool holds_first = n == 0;
    std::vector<G1Var> cs;
    std::vector<std::vector<Variable>> c_scalars;
    LC rho = holds_first ? LC::constant(1) : LC();
    for (std::size_t j = 0; j < group.proofs.size(); ++j, ++n) {
      qs.push_back(group.proofs[j].b);
      if (n == 0) {
        ps.push_back(group.proofs[j].a);
        continue;
      }
      ps.push_back(g1_.multi_scalar_mul(std::span(&group.proofs[j].a, 1), std::span(&r[n - 1], 1)));
      cs.push_back(group.proofs[j].c);
      c_scalars.push_back(r[n - 1]);
      rho += from_bits(r[n - 1]);
    }
    const G1Var c_sum = g1_.multi_scalar_mul(cs, c_scalars, holds_first ? &group.proofs[0].c : nullptr);
    // rho < 2^(128 + log2 k) + 1 needs no reduction; s_i is taken mod r, canonical bits.
    std::size_t rho_bits = 129;
    while ((std::size_t{1} << (rho_bits - 128)) < group.proofs.size() + 1) ++rho_bits;
    std::vector<std::vector<Variable>> l_scalars{to_bits(b, rho, rho_bits)};
    const std::size_t first = n - group.proofs.size();
    for (std::size_t i = 0; i + 1 < vk.ic.size(); ++i) {
      LC s;
      for (std::size_t j = 0; j < group.proofs.size(); ++j) {
        const LC x = from_bits(group.public_input_bits[j][i]);
        s += first + j == 0 ? x : LC(mul(b, from_bits(r[first + j - 1]), x));
      }
      l_scalars.push_back(to_bits_below_r(b, s));
    }
    const G1Var l_sum = g1_.multi_scalar_mul(vk.ic, l_scalars);
    const G1Var alpha_sum = g1_.multi_scalar_mul(std::span(&vk.alpha, 1), std::span(l_scalars.data(), 1));
    ps.insert(ps.end(), {g1_.neg(alpha_sum), g1_.neg(l_sum), g1_.neg(c_sum)});
    qs.insert(qs.end(), {vk.beta, vk.gamma, vk.delta});
  }
  pairing_.assert_product_is_one(ps, qs);
}

}  // namespace proofagg::circuit

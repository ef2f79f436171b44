// Groth16 verification in a circuit (plain mode) for a verifying key fixed when the
// circuit is built, mirroring aggregator/groth16's verifier: what a wrapper circuit
// checks of the proof below it.
//
// e(A, B) = e(alpha, beta) e(L, gamma) e(C, delta), L = IC_0 + sum_i x_i IC_(i+1),
// is checked as e(A, B) e(-L, gamma) e(-C, delta) e(-alpha, beta) = 1 with the
// pairing check of pairing.hpp: (A, B) a variable pair, gamma and delta fixed lines,
// (-alpha, beta) a constant factor. The proof's points are checked on their curves
// and B in G2 (a Groth16 verifier must refuse points outside the groups, as the EVM's
// precompile does; the pairing check's loop proves it); L is a fixed-base multi-scalar multiplication of the key's IC.
// The key is checked non-degenerate (groth16::check_verifying_key) when the gadget
// is made.
//
// A key with a commitment (groth16/commitment.hpp: the proofs of committed circuits,
// which the aggregation's node circuits verify) adds the commitment D and its proof
// of knowledge P to the proof. The circuit recomputes what the native verifier
// does: the challenge t = Poseidon over D's canonical coordinates (128-bit halves)
// and the inputs, L = IC_0 + sum x_i IC_i + t IC_n + D, and the knowledge check
// e(D, -sigma g) e(P, g) = 1 as its own pairing check (g fixed: constant lines). D
// at infinity (every committed wire zero) is refused: unsatisfiable, never unsound.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "aggregator/circuit/std/pairing.hpp"
#include "aggregator/circuit/std/vk_hash.hpp"
#include "aggregator/groth16/types.hpp"

namespace proofagg::circuit {

struct CommitmentProofVar {
  G1Var d, knowledge;
};

struct Groth16ProofVar {
  G1Var a;
  G2Var b;
  G1Var c;
  std::optional<CommitmentProofVar> commitment;  // for a key with a commitment
};

class Groth16FixedKeyVerifier {
 public:
  // Throws std::invalid_argument for a degenerate key.
  Groth16FixedKeyVerifier(EmulatedTower& tower, const groth16::VerifyingKey& vk);

  // The proof's points as private inputs with canonical coordinates, on their
  // curves (B in G2 is proven by assert_verifies' pairing check); with the commitment
  // proof exactly when the key has a commitment (else std::logic_error).
  Groth16ProofVar private_proof(const groth16::Proof& proof,
                                const std::optional<groth16::CommitmentProof>& commitment = std::nullopt);
  // The proof verifies for public inputs given by their little-endian bits (the
  // caller boolean-constrains them; 254 bits may alias x and x + r, which is
  // harmless: IC's points have order r, and the challenge hashes the value mod r).
  // For a key with a commitment: the statement's inputs, without the challenge.
  void assert_verifies(const Groth16ProofVar& proof, std::span<const std::vector<Variable>> public_input_bits);
  // Every proof verifies for its inputs (as assert_verifies), each by its own
  // pairing check. For a key with a commitment, the proofs of knowledge of all of them
  // are one pairing check: prod_j (e(D_j, -sigma g) e(P_j, g))^(r_j) = 1, r_0 = 1 and
  // r_j 128-bit from a Poseidon hash of every D_j and P_j (fixed after them). Each
  // factor is in GT, of prime order, so if one is not 1 the product is 1 for at most
  // one r_j given the others: probability 2^-128 (the small-exponent batch test of
  // Bellare, Garay and Rabin, as the witness-key batch below). The children of a
  // node share the fixed lines of g and -sigma g this way.
  void assert_batch_verifies(std::span<const Groth16ProofVar> proofs,
                             std::span<const std::vector<std::vector<Variable>>> public_input_bits);

 private:
  EmulatedTower& tower_;
  EmulatedG1 g1_;
  EmulatedG2 g2_;
  EmulatedPairing pairing_;
  // t from the commitment and the inputs, as its canonical bits.
  std::vector<Variable> challenge_bits(const CommitmentProofVar& commitment,
                                       std::span<const std::vector<Variable>> public_input_bits);

  groth16::VerifyingKey vk_;
  FixedG2Lines gamma_, delta_;
  std::optional<FixedG2Lines> g_, g_sigma_neg_;  // a key with a commitment
};

// Groth16 verification with the key as a witness (a leaf's: any rollup's circuit),
// bound to its vk_hash (vk_hash.hpp). One proof is checked as
// e(A, B) e(-alpha, beta) e(-L, gamma) e(-C, delta) = 1, L = IC_0 + sum x_i IC_i (a
// variable-base MSM of the inputs' canonical bits).
//
// k proofs under one key are checked as one pairing product, the j-th proof's
// equation raised to r_j (r_0 = 1, r_j 128-bit for j > 0):
//   prod_j e(r_j A_j, B_j) e(-rho alpha, beta) e(-sum_j r_j L_j, gamma) e(-sum_j r_j C_j, delta) = 1
// with rho = sum_j r_j and sum_j r_j L_j = rho IC_0 + sum_i s_i IC_i, s_i = sum_j r_j x_ji
// (mod r): the key's points are shared, so a proof adds one variable pair and two
// 128-bit scalar multiplications instead of four pairs. Each proof's equation is an
// element X_j of GT (every point is proven in its group: G1 points on the curve, B_j
// and the key's G2 points by the loop), and the r_j come from a Poseidon hash of
// vk_hash, every proof's points and every public input (canonical encodings), so
// they are fixed after all X_j are: if some X_j != 1, prod X_j^(r_j) = 1 holds for
// at most one value of r_j given the others, probability 2^-128 (the batch
// verification argument of Bellare, Garay and Rabin, "Fast batch verification",
// EUROCRYPT 1998, small-exponent test). Without the hash binding the inputs, a
// prover could move public inputs between proofs of one key and still balance the
// product. The key itself was checked non-degenerate when its owner registered it
// (groth16::check_verifying_key); the circuit proves "these proofs verify under the
// key whose vk_hash is h", which is what a consumer of h relies on.
class Groth16WitnessKeyVerifier {
 public:
  static constexpr std::size_t kMaxPublicInputs = 8;

  struct Key {
    VerifyingKeyVar points;
    Variable hash;  // its vk_hash
    // For a key of a variable number n of inputs (private_key_of_at_most): n's
    // one-hot selectors, [n = m] for m = 0 .. ic.size() - 1. Empty for a key of
    // fixed size.
    std::vector<LC> input_count_selectors;
  };

  explicit Groth16WitnessKeyVerifier(EmulatedTower& tower);

  // The key as private inputs and its vk_hash; std::invalid_argument for a key with a
  // commitment or more than kMaxPublicInputs inputs.
  Key private_key(const groth16::VerifyingKey& vk);
  // A key of n <= max_inputs public inputs, n a witness (what a circuit of a fixed
  // shape verifies any rollup's key with): IC padded with the generator to
  // max_inputs + 1 points, n's one-hot selectors private and constrained (boolean,
  // summing to one), the vk_hash over n and the first n + 1 points (vk_hash.hpp).
  // assert_batch_verifies proves every input of its proofs past n zero, so the
  // padding's scalars are zero and the padding points (any points of the curve) do
  // not change L. Same refusals as private_key, and max_inputs <= kMaxPublicInputs.
  Key private_key_of_at_most(const groth16::VerifyingKey& vk, std::size_t max_inputs);
  // The proof's points, canonical and on their curves.
  Groth16ProofVar private_proof(const groth16::Proof& proof);
  // The proof verifies under the key for the inputs' little-endian bits (boolean-
  // constrained by the caller, one vector per input of the key).
  void assert_verifies(const Key& key, const Groth16ProofVar& proof,
                       std::span<const std::vector<Variable>> public_input_bits);
  // Every proof verifies under the key, proof j for the inputs public_input_bits[j]
  // (as above), by one batched pairing check (see above).
  void assert_batch_verifies(const Key& key, std::span<const Groth16ProofVar> proofs,
                             std::span<const std::vector<std::vector<Variable>>> public_input_bits);

  // Proofs of one key, within a batch of several keys.
  struct KeyedProofs {
    const Key* key;
    std::span<const Groth16ProofVar> proofs;
    std::span<const std::vector<std::vector<Variable>>> public_input_bits;  // per proof, as above
  };
  // Every group's proofs verify under its key, all in one pairing check: each key adds
  // its three pairs once, each proof one more (see above; the transcript binds every
  // key's vk_hash with its own proofs, so no proof can be moved to another key).
  void assert_batch_verifies(std::span<const KeyedProofs> groups);

 private:
  // r_1 .. r_(k-1) for the k proofs of all groups in order, 128 little-endian bits each.
  std::vector<std::vector<Variable>> batch_coefficients(std::span<const KeyedProofs> groups);

  EmulatedTower& tower_;
  EmulatedG1 g1_;
  EmulatedG2 g2_;
  EmulatedPairing pairing_;
};

}  // namespace proofagg::circuit

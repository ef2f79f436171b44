// Groth16 verification: one proof with a 3-pair Miller loop against a precomputed
// e(alpha, beta), and batches of proofs (any mix of keys) with one multi-pairing of
// n + 3 per key pairs under a random linear combination; a failing batch is split
// in halves until the bad proofs are found, so one bad proof never sinks the rest.
#pragma once

#include <span>
#include <vector>

#include "aggregator/sha256/sha256.hpp"
#include "aggregator/groth16/types.hpp"
#include "kernels/core/result.hpp"
#include "kernels/ff/fq12.hpp"
#include "kernels/pairing/pairing.hpp"

namespace proofagg::groth16 {

// A verifying key with what every verification reuses: e(alpha, beta), the
// Miller-loop lines of -gamma and -delta, and a digest that binds the key into
// batch-verification transcripts.
class PreparedVerifyingKey {
 public:
  explicit PreparedVerifyingKey(VerifyingKey vk);

  const VerifyingKey& key() const { return vk_; }
  const ff::Fq12& alpha_beta() const { return alpha_beta_; }
  const pairing::G2Prepared& neg_gamma() const { return neg_gamma_; }
  const pairing::G2Prepared& neg_delta() const { return neg_delta_; }
  // SHA-256 of the key's points in EVM encoding.
  const Sha256Digest& digest() const { return digest_; }

 private:
  VerifyingKey vk_;
  ff::Fq12 alpha_beta_;
  pairing::G2Prepared neg_gamma_, neg_delta_;
  Sha256Digest digest_;
};

// Refuses keys with which proofs verify for statements nobody proved, whatever the
// circuit: a point at infinity (gamma = 0 drops the public inputs from the check, an
// IC point at infinity drops its input, alpha or beta = 0 removes the term the
// proof's A and B must match, delta = 0 frees C), gamma = +-delta (then
// e(L, gamma) e(C, delta) = e(L +- C, gamma): C absorbs any change of the public
// inputs), and two IC points equal up to sign (their inputs can trade values). An
// honest setup draws these points at random, so none of this happens by chance.
// The error names the point.
Status check_verifying_key(const VerifyingKey& vk);

// L = IC_0 + sum_i x_i IC_{i+1}; an error when the input count does not match the key.
Result<ec::G1> public_input_commitment(const VerifyingKey& vk, std::span<const ff::Fr> inputs);

// Whether the proof verifies; an error only for a wrong number of public inputs.
Result<bool> verify(const PreparedVerifyingKey& vk, const Proof& proof, std::span<const ff::Fr> inputs);

struct BatchItem {
  const PreparedVerifyingKey* vk;
  Proof proof;
  std::vector<ff::Fr> inputs;
};

// valid[i] for every item (an item with the wrong number of inputs, or whose key
// has a commitment, is invalid).
// The combination's 128-bit coefficients are Fiat-Shamir challenges: SHA-256 of a
// transcript of every key, proof and input being checked, so a prover cannot pick
// proofs that cancel, and the same batch always gets the same verdict.
std::vector<bool> verify_batch(std::span<const BatchItem> items);

}  // namespace proofagg::groth16

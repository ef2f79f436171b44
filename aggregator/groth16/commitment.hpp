// Groth16 with exactly one commitment to chosen private wires: the BSB22
// construction (Belling, Soleimanian, Bégassat, "Recursion over Public-Coin
// Interactive Proof Systems; Faster Hash Verification", eprint 2022/1072), as gnark's
// Groth16 ships it. Committed circuits (circuit::Builder::Arithmetic::kCommitted)
// are proven with it.
//
// The committed wires s get bases K_s = [(beta u_s + alpha v_s + w_s) / gamma] in
// G1, as public inputs do, instead of their points over delta in C. The prover sends
// D = sum_s w_s K_s with a proof of knowledge P = sum_s w_s (sigma K_s), checked by
// e(D, -sigma g) e(P, g) = 1: P can only be made from the sigma K_s, so D is a
// combination of the committed bases and nothing else (knowledge-of-exponent). The
// verifier then derives the challenge t = commitment_challenge(D, inputs), which is
// the circuit's last public input, and checks
//     e(A, B) = e(alpha, beta) e(L + D, gamma) e(C, delta),  L = IC_0 + sum x_i IC_i + t IC_n,
// so the committed values the proof uses are the ones D fixed before t existed.
//
// Exactly one commitment per circuit: gnark's advisory GO-2024-3122 (more than one
// commitment let a prover combine their proofs of knowledge and forge) is avoided by
// construction, since a key has room for one. D is not hiding (no blinding wire),
// so the committed values are not zero-knowledge: proofagg's circuits verify proofs
// that are public anyway, and nothing here relies on hiding.
#pragma once

#include <functional>
#include <span>

#include "aggregator/groth16/types.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "kernels/core/backend.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::groth16 {

// Poseidon (circomlib) over D's coordinates as 128-bit halves (x_lo, x_hi, y_lo, y_hi;
// infinity as (0, 0)), then absorbing the public inputs four at a time:
// h = Poseidon(h, x_i, ..., x_i+3). Cheap in a circuit, so the aggregation's node
// circuits recompute it for the proofs they verify.
ff::Fr commitment_challenge(const ec::G1Affine& d, std::span<const ff::Fr> inputs);

// D and its proof of knowledge for the committed wires' values.
Result<CommitmentProof> commit(const CommitmentKey& key, std::span<const ff::Fr> committed_values,
                               Backend backend = Backend::kAuto);

// The challenge for a witness being built: what circuit::Builder calls (its
// Committer) with the public inputs so far and the committed wires' values.
// `key` must outlive the function.
std::function<ff::Fr(std::span<const ff::Fr>, std::span<const ff::Fr>)> challenge_for(const CommitmentKey& key,
                                                                                      Backend backend = Backend::kAuto);

// Whether the proof verifies for `inputs` (the statement, without the challenge);
// an error for a key without a commitment or a wrong number of inputs.
Result<bool> verify_with_commitment(const VerifyingKey& vk, const Proof& proof, const CommitmentProof& commitment,
                                    std::span<const ff::Fr> inputs);

// The key's commitment section checked against the rest of the key (wires inside the
// private range, one basis point each, those wires' C points at infinity).
Status check_commitment_key(const ProvingKey& pk);

}  // namespace proofagg::groth16

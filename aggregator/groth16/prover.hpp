// The Groth16 prover for snarkjs proving keys, a drop-in for `snarkjs groth16 prove`
// and rapidsnark: the same proof equation and the same H polynomial convention
// (evaluations of A B - C on the odd powers of the 2n-th root of unity), with the
// NTTs and MSMs of kernels/ on the chosen backend.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "aggregator/groth16/types.hpp"
#include "aggregator/groth16/zkey.hpp"
#include "kernels/core/backend.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::groth16 {

struct ProofWithPublic {
  Proof proof;
  // witness[1 .. nPublic]; for a key with a commitment, without the last one (the
  // challenge, which the verifier derives from the commitment).
  std::vector<ff::Fr> public_signals;
  std::optional<CommitmentProof> commitment;  // for keys with one (commitment.hpp)
};

// The blinding scalars r and s come from the OS's random source. For a key with a
// commitment the witness's challenge must be the one its commitment gives (built
// with groth16::challenge_for(key)); an error otherwise.
Result<ProofWithPublic> prove(const ProvingKey& key, std::span<const ff::Fr> witness, Backend backend = Backend::kAuto);

}  // namespace proofagg::groth16

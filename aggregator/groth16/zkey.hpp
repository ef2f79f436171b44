// snarkjs's Groth16 proving key (.zkey, protocol 1). Points are stored as
// little-endian Montgomery coordinates (infinity = all zeros); the QAP coefficients
// as (matrix, constraint, signal, c R^2 mod r). Reading checks the field primes,
// every section's size against the header, coefficient indices, canonical
// coordinates, the curve equation and, for G2, the subgroup.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "aggregator/groth16/types.hpp"
#include "kernels/core/result.hpp"

namespace proofagg::groth16 {

struct QapCoefficient {
  std::uint32_t matrix;      // 0: A, 1: B
  std::uint32_t constraint;  // row in the evaluation domain
  std::uint32_t signal;      // witness index
  ff::Fr value;
};

// Witness positions [begin, end).
struct WireRange {
  std::uint32_t begin = 0, end = 0;
  std::uint32_t size() const { return end - begin; }
  friend bool operator==(const WireRange&, const WireRange&) = default;
};

// A committed circuit's commitment key (commitment.hpp): the bases of its committed
// wires, [(beta u_s + alpha v_s + w_s) / gamma] (their C points are infinity instead),
// the same times sigma, and the verifier's G2 points. Stored in the .zkey as section
// kCommitmentSection, which snarkjs does not read: such keys prove only here.
struct CommitmentKey {
  WireRange wires;
  std::vector<ec::G1Affine> basis, sigma_basis;
  CommitmentVerifyingKey verifying;
};

struct ProvingKey {
  std::uint32_t n_vars = 0, n_public = 0, domain_size = 0;
  ec::G1Affine alpha, beta1, delta1;
  ec::G2Affine beta2, gamma2, delta2;
  std::vector<ec::G1Affine> ic;
  std::vector<QapCoefficient> coefficients;
  std::vector<ec::G1Affine> a, b1, c, h;  // c: one per private signal; h: one per domain point
  std::vector<ec::G2Affine> b2;
  std::optional<CommitmentKey> commitment;

  VerifyingKey verifying_key() const {
    return {alpha, beta2, gamma2, delta2, ic,
            commitment ? std::optional(commitment->verifying) : std::nullopt};
  }
};

inline constexpr std::uint32_t kCommitmentSection = 0x50414331;  // "PAC1"

// How much of a key's points reading checks. Every point is decoded and on its curve
// either way.
enum class ZkeyChecks {
  kEveryPoint,  // also every B2 base in G2: for keys from elsewhere
  // The B2 bases' G2 membership skipped (minutes for a key of millions of wires), for
  // keys whose bytes a digest of ours vouches for. A base outside G2 could only make
  // this prover's proofs fail, and each proof it makes is verified before use.
  kTrustedBases,
};
Result<ProvingKey> read_zkey(std::span<const std::uint8_t> bytes, ZkeyChecks checks = ZkeyChecks::kEveryPoint);
// Sections 1-9 (no contribution history: the file proves and verifies, but
// `snarkjs zkey verify` needs the ceremony's transcript).
std::vector<std::uint8_t> write_zkey(const ProvingKey& key);

}  // namespace proofagg::groth16

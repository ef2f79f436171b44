// Poseidon over BN254's Fr, exactly as circomlib's Poseidon(n) template and
// circomlibjs's poseidon() compute it: width t = n + 1, state [0, in_1, ..., in_n],
// x^5 S-box, R_F = 8 full rounds (4 before, 4 after) around R_P partial rounds
// (S-box on state[0] only), each round = add constants, S-box, multiply by the MDS
// matrix; the output is state[0].
//
// The parameters are not tables copied from elsewhere: they are generated at first
// use by the Poseidon reference's procedure (Grassi et al., generate_parameters_grain.sage):
// an 80-bit Grain LFSR in self-shrinking mode, seeded with field = 1 (GF(p)),
// S-box = 0 (x^alpha), n = 254, t, R_F, R_P and 30 ones, 160 bits discarded; round
// constants are 254-bit big-endian draws, redrawn while >= r; the MDS matrix is the
// Cauchy matrix M[i][j] = 1 / (x_i + y_j) from 2t further draws (reduced mod r).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "kernels/ff/bn254.hpp"

namespace proofagg::commit {

inline constexpr std::size_t kPoseidonMaxInputs = 16;

struct PoseidonParameters {
  std::size_t width = 0;  // t = inputs + 1
  int full_rounds = 0;    // R_F: half before the partial rounds, half after
  int partial_rounds = 0;  // R_P
  std::vector<ff::Fr> round_constants;  // (R_F + R_P) * t, round by round
  std::vector<ff::Fr> mds;              // t x t, row-major: state'_i = sum_j mds[i t + j] state_j
};

// The parameters of width t (2 <= t <= 17), generated once per width (thread-safe)
// and kept for the life of the process; public for circuit gadgets, which must use
// the same ones. Throws std::invalid_argument for another width.
const PoseidonParameters& poseidon_parameters(std::size_t width);

// circomlib's Poseidon(inputs.size()). Precondition: 1 <= inputs.size() <= 16;
// throws std::invalid_argument otherwise (a programming error, not bad input).
ff::Fr poseidon(std::span<const ff::Fr> inputs);

}  // namespace proofagg::commit

// iden3's constraint system file (.r1cs, as circom writes it): constraints
// <A, w> * <B, w> = <C, w> over the wires w (wire 0 is the constant 1, then the
// public outputs, the public inputs, the private inputs and the internal wires).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kernels/core/result.hpp"
#include "kernels/ff/bn254.hpp"

namespace proofagg::groth16 {

struct R1csTerm {
  std::uint32_t wire;
  ff::Fr coefficient;
  friend bool operator==(const R1csTerm&, const R1csTerm&) = default;
};

struct R1csConstraint {
  std::vector<R1csTerm> a, b, c;
  friend bool operator==(const R1csConstraint&, const R1csConstraint&) = default;
};

struct R1cs {
  std::uint32_t n_wires = 0;
  std::uint32_t n_public_outputs = 0, n_public_inputs = 0, n_private_inputs = 0;
  std::uint64_t n_labels = 0;
  std::vector<R1csConstraint> constraints;

  std::uint32_t n_public() const { return n_public_outputs + n_public_inputs; }
  // Whether w satisfies every constraint (w[0] must be 1).
  bool is_satisfied_by(std::span<const ff::Fr> w) const;
};

Result<R1cs> read_r1cs(std::span<const std::uint8_t> bytes);
// Header and constraints (sections 1 and 2), and the identity wire-to-label map.
std::vector<std::uint8_t> write_r1cs(const R1cs& r1cs);

}  // namespace proofagg::groth16

// A prepared powers-of-tau file (.ptau after `snarkjs powersoftau prepare phase2`):
// the Lagrange-basis commitments [L_j(tau)], [alpha L_j(tau)], [beta L_j(tau)] for
// every domain size up to 2^power (2^(power+1) for G1), and [alpha], [beta].
// Slices are decoded on demand (real files are gigabytes) and checked as they are
// read: canonical coordinates, on the curve, G2 in the subgroup.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "aggregator/formats/binfile.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg::groth16 {

// DEVELOPMENT ONLY: a prepared powers-of-tau file for domains up to 2^power whose
// tau, alpha and beta were drawn in this process (snarkjs's `powersoftau new`, one
// contribution and `prepare phase2` at once, with known toxic waste). For tests
// and benchmarks of the phase-2 path; real files come from public ceremonies.
std::vector<std::uint8_t> write_development_ptau(std::uint32_t power);

class PowersOfTau {
 public:
  // `bytes` must outlive the object.
  static Result<PowersOfTau> parse(std::span<const std::uint8_t> bytes);

  std::uint32_t power() const { return power_; }
  Result<ec::G1Affine> alpha_g1() const;
  Result<ec::G1Affine> beta_g1() const;
  Result<ec::G2Affine> beta_g2() const;
  // [L_j(tau)] for the domain of size m (a power of two), j < m.
  Result<std::vector<ec::G1Affine>> lagrange_g1(std::size_t m) const;
  Result<std::vector<ec::G2Affine>> lagrange_g2(std::size_t m) const;
  Result<std::vector<ec::G1Affine>> alpha_lagrange_g1(std::size_t m) const;
  Result<std::vector<ec::G1Affine>> beta_lagrange_g1(std::size_t m) const;

 private:
  explicit PowersOfTau(formats::BinFile file) : file_(std::move(file)) {}
  formats::BinFile file_;
  std::uint32_t power_ = 0;
};

}  // namespace proofagg::groth16

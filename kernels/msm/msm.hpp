// Multi-scalar multiplication sum_i k_i P_i on G1 and G2 (Pippenger's bucket method
// with signed digits), on the CPU or a CUDA device. Results are affine, the one
// representation of a point, so both backends return identical bits.
//
// Bases must be points of the group (affine, (0, 0) for infinity): they come from
// proving keys that are validated once when loaded, so the hot path does not
// re-check them. Scalars are Fr elements, so always reduced mod r.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "kernels/core/backend.hpp"
#include "kernels/core/result.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg::msm {

struct MsmOptions {
  Backend backend = Backend::kAuto;
  int window_bits = 0;  // 0: chosen from the size; otherwise 2 .. 24
};

Result<ec::G1Affine> msm(std::span<const ec::G1Affine> bases, std::span<const ff::Fr> scalars,
                   const MsmOptions& options = {});
Result<ec::G2Affine> msm(std::span<const ec::G2Affine> bases, std::span<const ff::Fr> scalars,
                   const MsmOptions& options = {});

// A fixed base set with shifted copies 2^(c*q*j) P_i (j < tables) precomputed, so that
// each MSM over it runs ceil(windows / tables) bucket passes instead of `windows`:
// fewer bucket reductions and doublings, for memory. Proving keys are fixed, so a
// prover builds this once per key. CPU backend.
template <class Curve>
class PrecomputedBases {
 public:
  using AffinePoint = ec::Affine<Curve>;

  // tables = 1 keeps only the bases; window_bits = 0 picks it from the size.
  static Result<PrecomputedBases> build(std::span<const AffinePoint> bases, int tables, int window_bits = 0);

  std::size_t size() const { return size_; }
  int tables() const { return tables_; }
  int window_bits() const { return window_bits_; }
  int windows_per_table() const { return windows_per_table_; }
  std::span<const AffinePoint> points() const { return points_; }

 private:
  std::vector<AffinePoint> points_;  // table j at [j * size, (j + 1) * size)
  std::size_t size_ = 0;
  int tables_ = 1;
  int window_bits_ = 0;
  int windows_per_table_ = 0;
};

Result<ec::G1Affine> msm(const PrecomputedBases<ec::G1Curve>& bases, std::span<const ff::Fr> scalars);
Result<ec::G2Affine> msm(const PrecomputedBases<ec::G2Curve>& bases, std::span<const ff::Fr> scalars);

}  // namespace proofagg::msm

// The CUDA half of the NTT. Declared only in builds with CUDA (PROOFAGG_WITH_CUDA).
#pragma once

#include <memory>
#include <span>

#include "kernels/ntt/ntt.hpp"

namespace proofagg::ntt::cuda {

// Host memory in and out: uploads, transforms and downloads, as many polynomials
// at a time as fit in device memory.
Status ntt_batch(std::span<Fr> values, std::size_t count, const NttOptions& options);

// Polynomials kept in device memory between transforms, so that a prover can chain
// them (interpolate, then evaluate on a coset) without host round trips.
class DevicePolynomials {
 public:
  static Result<DevicePolynomials> upload(std::span<const Fr> values, std::size_t count);
  DevicePolynomials(DevicePolynomials&&) noexcept;
  DevicePolynomials& operator=(DevicePolynomials&&) noexcept;
  ~DevicePolynomials();

  // Transforms every polynomial in place on the device (options.backend is ignored).
  Status transform(const NttOptions& options);
  Status download(std::span<Fr> out) const;
  std::size_t size() const;   // elements, all polynomials together
  std::size_t count() const;  // polynomials

 private:
  struct State;
  explicit DevicePolynomials(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace proofagg::ntt::cuda

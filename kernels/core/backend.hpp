// Where NTT and MSM run: chosen at run time, so one binary serves CPU-only hosts
// and GPU workers. Both backends return bit-identical results.
#pragma once

#include <string_view>

#include "kernels/core/result.hpp"

namespace proofagg {

enum class Backend {
  kCpu,
  kCuda,
  kAuto,  // CUDA when a usable device is present, the CPU otherwise
};

Result<Backend> parse_backend(std::string_view name);
std::string_view backend_name(Backend backend);

// kAuto becomes kCpu or kCuda; kCuda without a usable device (or in a build without
// CUDA) is an error that says why.
Result<Backend> resolve_backend(Backend requested);

}  // namespace proofagg

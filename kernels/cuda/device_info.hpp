// Whether a CUDA device can run proofagg's kernels, and if not, why.
#pragma once

#include <cstddef>
#include <string>

namespace proofagg::cuda {

struct DeviceStatus {
  bool available = false;
  std::string description;  // device name when available, the reason otherwise
  std::size_t memory_total_bytes = 0;   // device 0, when available
  std::size_t memory_in_use_bytes = 0;  // by every process on it
};

DeviceStatus device_status();

}  // namespace proofagg::cuda

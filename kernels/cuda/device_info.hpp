// Whether a CUDA device can run proofagg's kernels, and if not, why.
#pragma once

#include <string>

namespace proofagg::cuda {

struct DeviceStatus {
  bool available = false;
  std::string description;  // device name when available, the reason otherwise
};

DeviceStatus device_status();

}  // namespace proofagg::cuda

#include "kernels/core/backend.hpp"

#include <string>

#include "kernels/cuda/device_info.hpp"

namespace proofagg {

Result<Backend> parse_backend(std::string_view name) {
  if (name == "cpu") return Backend::kCpu;
  if (name == "cuda") return Backend::kCuda;
  if (name == "auto") return Backend::kAuto;
  return make_error("unknown backend '" + std::string(name) + "' (expected cpu, cuda or auto)");
}

std::string_view backend_name(Backend backend) {
  switch (backend) {
    case Backend::kCpu: return "cpu";
    case Backend::kCuda: return "cuda";
    case Backend::kAuto: return "auto";
  }
  return "?";
}

Result<Backend> resolve_backend(Backend requested) {
  if (requested == Backend::kCpu) return Backend::kCpu;
  static const cuda::DeviceStatus status = cuda::device_status();  // probing costs a driver call
  if (status.available) return Backend::kCuda;
  if (requested == Backend::kAuto) return Backend::kCpu;
  return make_error("cuda backend unavailable: " + status.description, ErrorKind::kUnavailable);
}

}  // namespace proofagg

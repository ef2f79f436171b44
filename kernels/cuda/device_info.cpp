#include "kernels/cuda/device_info.hpp"

#if PROOFAGG_WITH_CUDA
#include <cuda_runtime_api.h>
#endif

namespace proofagg::cuda {

DeviceStatus device_status() {
#if PROOFAGG_WITH_CUDA
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    return {false, std::string("no usable CUDA device: ") + cudaGetErrorString(err)};
  }
  if (count == 0) return {false, "no CUDA device present"};
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) return {false, "cannot query CUDA device 0"};
  if (prop.major < 7) {
    return {false, std::string("CUDA device ") + prop.name + " is older than compute capability 7.0"};
  }
  std::size_t free_bytes = 0, total_bytes = 0;
  if (cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) return {false, "cannot query CUDA device 0's memory"};
  return {true, std::string(prop.name) + " (sm_" + std::to_string(prop.major) + std::to_string(prop.minor) + ")",
          total_bytes, total_bytes - free_bytes};
#else
  return {false, "proofagg was built without CUDA (PROOFAGG_CUDA=OFF or no nvcc)"};
#endif
}

}  // namespace proofagg::cuda

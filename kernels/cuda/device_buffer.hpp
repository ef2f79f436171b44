// RAII device memory and error plumbing shared by the CUDA translation units:
// every CUDA failure becomes a Status with the failing call and the driver's reason.
#pragma once

#include <cuda_runtime.h>

#include <span>
#include <string>
#include <utility>

#include "kernels/core/result.hpp"

namespace proofagg::cuda {

inline Error cuda_error(const std::string& what, cudaError_t err) {
  // A failing CUDA call is the device's or the driver's failure, not the caller's input.
  return make_error(what + ": " + cudaGetErrorString(err), ErrorKind::kUnavailable);
}

// Owns one device allocation of n elements of T.
template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : ptr_(std::exchange(other.ptr_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    std::swap(ptr_, other.ptr_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~DeviceBuffer() {
    if (ptr_ != nullptr) cudaFree(ptr_);
  }

  Status allocate(std::size_t n) {
    if (ptr_ != nullptr) cudaFree(ptr_);
    ptr_ = nullptr;
    size_ = 0;
    if (n == 0) return {};
    const cudaError_t err = cudaMalloc(&ptr_, n * sizeof(T));
    if (err != cudaSuccess) {
      ptr_ = nullptr;
      cudaGetLastError();  // not sticky: clear it so later launch checks see their own errors
      return cuda_error("cudaMalloc of " + std::to_string(n * sizeof(T)) + " bytes", err);
    }
    size_ = n;
    return {};
  }
  Status upload(std::span<const T> host, cudaStream_t stream = nullptr) {
    if (Status s = allocate(host.size()); !s) return s;
    return copy_from(host, 0, stream);
  }
  Status copy_from(std::span<const T> host, std::size_t offset, cudaStream_t stream = nullptr) {
    if (host.empty()) return {};
    const cudaError_t err =
        cudaMemcpyAsync(ptr_ + offset, host.data(), host.size_bytes(), cudaMemcpyHostToDevice, stream);
    if (err != cudaSuccess) return cuda_error("cudaMemcpy to device", err);
    return {};
  }
  Status download(std::span<T> host, std::size_t offset = 0, cudaStream_t stream = nullptr) const {
    if (host.empty()) return {};
    const cudaError_t err =
        cudaMemcpyAsync(host.data(), ptr_ + offset, host.size_bytes(), cudaMemcpyDeviceToHost, stream);
    if (err != cudaSuccess) return cuda_error("cudaMemcpy to host", err);
    if (const cudaError_t sync = cudaStreamSynchronize(stream); sync != cudaSuccess) {
      return cuda_error("cudaMemcpy to host", sync);
    }
    return {};
  }
  T* get() const { return ptr_; }
  std::size_t size() const { return size_; }

 private:
  T* ptr_ = nullptr;
  std::size_t size_ = 0;
};

// An owned CUDA stream.
class Stream {
 public:
  Stream() = default;
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  ~Stream() {
    if (stream_ != nullptr) cudaStreamDestroy(stream_);
  }
  Status create() {
    const cudaError_t err = cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking);
    return err == cudaSuccess ? Status{} : Status{cuda_error("cudaStreamCreate", err)};
  }
  cudaStream_t get() const { return stream_; }

 private:
  cudaStream_t stream_ = nullptr;
};

// After a launch: a launch error now, or an execution error once the stream drains.
inline Status check_launch(const char* what) {
  if (const cudaError_t err = cudaGetLastError(); err != cudaSuccess) return cuda_error(std::string(what) + " launch", err);
  return {};
}
inline Status synchronize(cudaStream_t stream, const char* what) {
  if (const cudaError_t err = cudaStreamSynchronize(stream); err != cudaSuccess) {
    return cuda_error(std::string(what) + " execution", err);
  }
  return {};
}

// Bytes of device memory free now.
inline std::size_t free_device_memory() {
  std::size_t free = 0, total = 0;
  if (cudaMemGetInfo(&free, &total) != cudaSuccess) return 0;
  return free;
}

}  // namespace proofagg::cuda

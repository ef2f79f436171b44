#include "kernels/ntt/ntt_cuda.hpp"

#include <algorithm>
#include <bit>
#include <mutex>
#include <string>
#include <vector>

#include "kernels/cuda/device_buffer.hpp"
#include "kernels/ntt/butterfly.hpp"
#include "kernels/ntt/twiddles.hpp"

namespace proofagg::ntt::cuda {

using proofagg::cuda::check_launch;
using proofagg::cuda::DeviceBuffer;
using proofagg::cuda::Stream;
using proofagg::cuda::synchronize;

namespace {

// Stages with half-span below 2^kTileLog run in shared memory, a tile of 2^kTileLog
// elements (32 KiB) per block; larger spans run as radix-4 passes over global
// memory, each moving the array once for two stages.
constexpr int kTileLog = 10;
constexpr int kTileThreads = 512;
constexpr int kThreads = 256;
// Coset scaling factors s^j are hi[j >> 10] * lo[j & 1023].
constexpr int kPowerSplitLog = 10;

dim3 grid_for(std::size_t threads_needed, std::size_t count) {
  return dim3(static_cast<unsigned>((threads_needed + kThreads - 1) / kThreads), static_cast<unsigned>(count));
}

// The device copy of the twiddle stages, as one heap: stage s at [2^s, 2^(s+1)) for
// s < log_n (slot 0 unused). A larger transform uploads a larger heap; earlier heaps
// stay allocated (at most as much again as the largest), since transforms on other
// streams may still be reading them.
class DeviceTwiddles {
 public:
  Result<const Fr*> for_log_size(int log_n) {
    std::lock_guard lock(mutex_);
    if (log_n > log_size_) {
      DeviceBuffer<Fr> heap;
      if (Status s = heap.allocate(std::size_t{1} << log_n); !s) return s.failure().prefixed("ntt twiddles: ");
      for (int s = 0; s < log_n; ++s) {
        if (Status st = heap.copy_from(twiddle_stage(s), std::size_t{1} << s); !st) return st.failure();
      }
      if (Status st = synchronize(nullptr, "ntt twiddle upload"); !st) return st.failure();
      heaps_.push_back(std::move(heap));
      log_size_ = log_n;
    }
    return static_cast<const Fr*>(heaps_.back().get());
  }

 private:
  std::mutex mutex_;
  std::vector<DeviceBuffer<Fr>> heaps_;
  int log_size_ = -1;
};

DeviceTwiddles& device_twiddles() {
  static DeviceTwiddles twiddles;
  return twiddles;
}

template <bool kInverse>
__device__ Stage<kInverse> stage_at(const Fr* heap, int s) {
  const std::size_t h = std::size_t{1} << s;
  return {heap + h, h};
}

template <bool kInverse, bool kDif>
__global__ void radix4_kernel(Fr* data, std::size_t n, const Fr* heap, int s) {
  const std::size_t k = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (k >= n / 4) return;
  const Stage<kInverse> outer = stage_at<kInverse>(heap, s);
  const Stage<kInverse> inner = stage_at<kInverse>(heap, s - 1);
  const std::size_t q = inner.h;
  const std::size_t j = k & (q - 1);
  Fr* p = data + blockIdx.y * n + ((k >> (s - 1)) << (s + 1)) + j;
  Fr x0 = p[0], x1 = p[q], x2 = p[2 * q], x3 = p[3 * q];
  radix4<kInverse, kDif, Fr&>(outer, inner, x0, x1, x2, x3, j);
  p[0] = x0;
  p[q] = x1;
  p[2 * q] = x2;
  p[3 * q] = x3;
}

template <bool kInverse, bool kDif>
__global__ void radix2_kernel(Fr* data, std::size_t n, const Fr* heap, int s) {
  const std::size_t k = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (k >= n / 2) return;
  const Stage<kInverse> stage = stage_at<kInverse>(heap, s);
  const std::size_t j = k & (stage.h - 1);
  Fr* p = data + blockIdx.y * n + ((k >> s) << (s + 1)) + j;
  Fr x = p[0], y = p[stage.h];
  if constexpr (kDif) {
    stage.dif(x, y, j);
  } else {
    stage.dit(x, y, j);
  }
  p[0] = x;
  p[stage.h] = y;
}

// Stages 0 .. tile_log - 1 of one tile of 2^tile_log consecutive elements, in shared memory.
template <bool kInverse, bool kDif>
__global__ void tile_kernel(Fr* data, std::size_t n, const Fr* heap, int tile_log) {
  extern __shared__ unsigned long long shared_words[];
  Fr* tile = reinterpret_cast<Fr*>(shared_words);
  const unsigned size = 1u << tile_log;
  Fr* base = data + blockIdx.y * n + static_cast<std::size_t>(blockIdx.x) * size;
  for (unsigned i = threadIdx.x; i < size; i += blockDim.x) tile[i] = base[i];
  __syncthreads();
  for (int t = 0; t < tile_log; ++t) {
    const int s = kDif ? tile_log - 1 - t : t;
    const Stage<kInverse> stage = stage_at<kInverse>(heap, s);
    for (unsigned k = threadIdx.x; k < size / 2; k += blockDim.x) {
      const unsigned j = k & (static_cast<unsigned>(stage.h) - 1);
      const unsigned i = ((k >> s) << (s + 1)) + j;
      if constexpr (kDif) {
        stage.dif(tile[i], tile[i + stage.h], j);
      } else {
        stage.dit(tile[i], tile[i + stage.h], j);
      }
    }
    __syncthreads();
  }
  for (unsigned i = threadIdx.x; i < size; i += blockDim.x) base[i] = tile[i];
}

// In place: every index pair (i, rev(i)) is swapped by exactly one thread.
__global__ void bit_reverse_kernel(Fr* data, std::size_t n, int log_n) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  const std::size_t r = reverse_bits(i, log_n);
  if (i < r) {
    Fr* a = data + blockIdx.y * n;
    const Fr t = a[i];
    a[i] = a[r];
    a[r] = t;
  }
}

// a[position of natural index j] *= hi[j >> 10] * lo[j & 1023].
__global__ void scale_kernel(Fr* data, std::size_t n, int log_n, const Fr* lo, const Fr* hi, bool bit_reversed) {
  const std::size_t j = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (j >= n) return;
  Fr* a = data + blockIdx.y * n;
  const std::size_t position = bit_reversed ? reverse_bits(j, log_n) : j;
  a[position] = a[position] * (hi[j >> kPowerSplitLog] * lo[j & ((1u << kPowerSplitLog) - 1)]);
}

// Runs the passes of one transform of `count` polynomials of size n on `stream`.
class Plan {
 public:
  Plan(Fr* data, std::size_t n, std::size_t count, const Fr* heap, cudaStream_t stream)
      : data_(data), n_(n), count_(count), log_n_(std::countr_zero(n)), heap_(heap), stream_(stream) {}

  Status run(const NttOptions& o) {
    const bool natural_in = o.input_order == Order::kNatural;
    const bool natural_out = o.output_order == Order::kNatural;
    if (o.direction == Direction::kForward) {
      if (o.coset_shift) {
        if (Status s = scale(Fr::one(), *o.coset_shift, !natural_in); !s) return s;
      }
      if (natural_in) {
        dif<false>();
        if (natural_out) bit_reverse();
      } else {
        dit<false>();
        if (!natural_out) bit_reverse();
      }
      return check_launch("ntt");
    }
    bool natural_now = !natural_in;
    if (natural_in) {
      dif<true>();
    } else {
      dit<true>();
    }
    if (natural_now != natural_out) {
      bit_reverse();
      natural_now = natural_out;
    }
    const Fr n_inv = Fr::from_u64(n_).inverse();
    const Fr base = o.coset_shift ? o.coset_shift->inverse() : Fr::one();
    if (Status s = scale(n_inv, base, !natural_now); !s) return s;
    return check_launch("ntt");
  }

 private:
  int tile_log() const { return std::min(log_n_, kTileLog); }

  template <bool kInverse>
  void dif() {
    int s = log_n_ - 1;
    for (; s - 1 >= tile_log(); s -= 2) {
      radix4_kernel<kInverse, true><<<grid_for(n_ / 4, count_), kThreads, 0, stream_>>>(data_, n_, heap_, s);
    }
    if (s >= tile_log()) radix2_kernel<kInverse, true><<<grid_for(n_ / 2, count_), kThreads, 0, stream_>>>(data_, n_, heap_, s);
    tiles<kInverse, true>();
  }

  template <bool kInverse>
  void dit() {
    tiles<kInverse, false>();
    int s = tile_log();
    if ((log_n_ - s) % 2 == 1) {
      radix2_kernel<kInverse, false><<<grid_for(n_ / 2, count_), kThreads, 0, stream_>>>(data_, n_, heap_, s);
      ++s;
    }
    for (; s + 1 < log_n_; s += 2) {
      radix4_kernel<kInverse, false><<<grid_for(n_ / 4, count_), kThreads, 0, stream_>>>(data_, n_, heap_, s + 1);
    }
  }

  template <bool kInverse, bool kDif>
  void tiles() {
    const int t = tile_log();
    if (t == 0) return;
    const dim3 grid(static_cast<unsigned>(n_ >> t), static_cast<unsigned>(count_));
    const unsigned threads = std::min<unsigned>(kTileThreads, 1u << (t - 1));
    tile_kernel<kInverse, kDif><<<grid, threads, sizeof(Fr) << t, stream_>>>(data_, n_, heap_, t);
  }

  void bit_reverse() {
    bit_reverse_kernel<<<grid_for(n_, count_), kThreads, 0, stream_>>>(data_, n_, log_n_);
  }

  // Multiplies natural-order element j by factor * base^j.
  Status scale(const Fr& factor, const Fr& base, bool bit_reversed) {
    const std::size_t lo_size = std::size_t{1} << kPowerSplitLog;
    const std::size_t hi_size = (n_ + lo_size - 1) / lo_size;
    std::vector<Fr> host(lo_size + hi_size);
    fill_powers(std::span(host).first(lo_size), factor, base);
    fill_powers(std::span(host).subspan(lo_size), Fr::one(), base.pow(ff::Limbs{{lo_size, 0, 0, 0}}));
    if (Status s = powers_.upload(host, stream_); !s) return s;
    const Fr* lo = powers_.get();
    scale_kernel<<<grid_for(n_, count_), kThreads, 0, stream_>>>(data_, n_, log_n_, lo, lo + lo_size, bit_reversed);
    // The host vector must outlive the asynchronous copy.
    return synchronize(stream_, "ntt coset scaling");
  }

  Fr* data_;
  std::size_t n_, count_;
  int log_n_;
  const Fr* heap_;
  cudaStream_t stream_;
  DeviceBuffer<Fr> powers_;
};

// Polynomials index the grid's y dimension, which stops at 65535.
constexpr std::size_t kMaxGridY = 65535;

Status transform_on_device(Fr* data, std::size_t n, std::size_t count, const NttOptions& options, cudaStream_t stream) {
  const Result<const Fr*> heap = device_twiddles().for_log_size(std::countr_zero(n));
  if (!heap) return heap.failure();
  for (std::size_t first = 0; first < count; first += kMaxGridY) {
    Plan plan(data + first * n, n, std::min(kMaxGridY, count - first), *heap, stream);
    if (Status s = plan.run(options); !s) return s;
  }
  return synchronize(stream, "ntt");
}

}  // namespace

struct DevicePolynomials::State {
  DeviceBuffer<Fr> data;
  std::size_t count = 0;
  Stream stream;
};

DevicePolynomials::DevicePolynomials(std::unique_ptr<State> state) : state_(std::move(state)) {}
DevicePolynomials::DevicePolynomials(DevicePolynomials&&) noexcept = default;
DevicePolynomials& DevicePolynomials::operator=(DevicePolynomials&&) noexcept = default;
DevicePolynomials::~DevicePolynomials() = default;

Result<DevicePolynomials> DevicePolynomials::upload(std::span<const Fr> values, std::size_t count) {
  if (count == 0 || values.size() % count != 0 || !std::has_single_bit(values.size() / count)) {
    return make_error("ntt: device polynomials need equal power-of-two sizes");
  }
  auto state = std::make_unique<State>();
  state->count = count;
  if (Status s = state->stream.create(); !s) return s.failure();
  if (Status s = state->data.upload(values, state->stream.get()); !s) return s.failure().prefixed("ntt: ");
  if (Status s = synchronize(state->stream.get(), "ntt upload"); !s) return s.failure();
  return DevicePolynomials(std::move(state));
}

Status DevicePolynomials::transform(const NttOptions& options) {
  return transform_on_device(state_->data.get(), size() / count(), count(), options, state_->stream.get());
}

Status DevicePolynomials::download(std::span<Fr> out) const {
  if (out.size() != size()) return make_error("ntt: download size differs from the device polynomials");
  return state_->data.download(out, 0, state_->stream.get());
}

std::size_t DevicePolynomials::size() const { return state_->data.size(); }
std::size_t DevicePolynomials::count() const { return state_->count; }

Status ntt_batch(std::span<Fr> values, std::size_t count, const NttOptions& options) {
  const std::size_t n = values.size() / count;
  // Leave room for the twiddle heap (n elements) and the driver.
  const std::size_t free_elements = proofagg::cuda::free_device_memory() / sizeof(Fr);
  const std::size_t budget = free_elements > 2 * n ? (free_elements - n) * 9 / 10 : 0;
  const std::size_t group = std::min(count, budget / n);
  if (group == 0) {
    return make_error("ntt: a polynomial of 2^" + std::to_string(std::countr_zero(n)) +
                      " elements does not fit in device memory");
  }
  Stream stream;
  if (Status s = stream.create(); !s) return s;
  DeviceBuffer<Fr> buffer;
  if (Status s = buffer.allocate(group * n); !s) return s.failure().prefixed("ntt: ");
  for (std::size_t first = 0; first < count; first += group) {
    const std::size_t polys = std::min(group, count - first);
    const std::span<Fr> part = values.subspan(first * n, polys * n);
    if (Status s = buffer.copy_from(part, 0, stream.get()); !s) return s.failure().prefixed("ntt: ");
    if (Status s = transform_on_device(buffer.get(), n, polys, options, stream.get()); !s) return s.failure().prefixed("ntt: ");
    if (Status s = buffer.download(part, 0, stream.get()); !s) return s.failure().prefixed("ntt: ");
  }
  return {};
}

}  // namespace proofagg::ntt::cuda

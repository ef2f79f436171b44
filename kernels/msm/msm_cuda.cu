// Pippenger on the device, shaped so that no input distribution serialises it:
//  1. one thread per scalar writes its signed digits as (window, bucket) keys with
//     (point index, sign) values;
//  2. CUB radix-sorts the pairs by key, so each bucket's points are contiguous;
//  3. CUB's reduce-by-key adds each bucket's points: it balances work by position,
//     not by bucket, so a bucket holding every point (all scalars equal) costs the
//     same as uniform buckets;
//  4. each window's weighted bucket sum sum_v v B_v is split into segments reduced
//     in parallel, then the segment results are added pairwise;
//  5. the host combines the windows (c doublings each).
#include "kernels/msm/msm_cuda.hpp"

#include <thrust/iterator/transform_iterator.h>

#include <algorithm>
#include <bit>
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_reduce.cuh>
#include <string>
#include <vector>

#include "kernels/cuda/device_buffer.hpp"
#include "kernels/msm/digits.hpp"

namespace proofagg::msm::cuda {

using proofagg::cuda::check_launch;
using proofagg::cuda::DeviceBuffer;
using proofagg::cuda::Stream;
using proofagg::cuda::synchronize;

namespace {

constexpr int kThreads = 128;
constexpr std::uint32_t kNegative = 0x80000000u;
// Buckets per segment in the parallel bucket reduction.
constexpr std::size_t kSegment = 32;

unsigned blocks_for(std::size_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

// Sorting and reduce-by-key cost grows with n * windows, bucket reduction with
// windows * 2^(c-1): wide windows for large inputs.
int window_bits_for(std::size_t n) {
  const int log_n = n <= 1 ? 0 : std::bit_width(n - 1);
  return std::clamp(log_n - 8, 8, 16);
}

template <class Curve>
__global__ void digits_kernel(const ec::Affine<Curve>* bases, const ff::Fr* scalars, std::size_t n, int c,
                              std::uint32_t skip_key, std::uint32_t* keys, std::uint32_t* values) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  const bool contributes = !bases[i].is_infinity();
  const std::uint32_t half = 1u << (c - 1);
  signed_digits(scalars[i].to_canonical(), c, [&](int w, std::int32_t d) {
    const std::size_t slot = static_cast<std::size_t>(w) * n + i;
    if (d == 0 || !contributes) {
      keys[slot] = skip_key;
      values[slot] = 0;
      return;
    }
    const std::uint32_t magnitude = static_cast<std::uint32_t>(d < 0 ? -d : d);
    keys[slot] = static_cast<std::uint32_t>(w) * half + (magnitude - 1);
    values[slot] = static_cast<std::uint32_t>(i) | (d < 0 ? kNegative : 0u);
  });
}

// Number of sorted keys below skip_key (one thread: a binary search).
__global__ void count_valid_kernel(const std::uint32_t* sorted_keys, std::size_t n, std::uint32_t skip_key,
                                   unsigned long long* out) {
  std::size_t lo = 0, hi = n;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (sorted_keys[mid] < skip_key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  *out = lo;
}

template <class Curve>
struct LoadPoint {
  const ec::Affine<Curve>* bases;
  __host__ __device__ ec::Jacobian<Curve> operator()(std::uint32_t v) const {
    const ec::Affine<Curve> p = bases[v & ~kNegative];
    return ec::Jacobian<Curve>::from_affine((v & kNegative) != 0 ? -p : p);
  }
};

template <class Curve>
struct AddPoints {
  __host__ __device__ ec::Jacobian<Curve> operator()(const ec::Jacobian<Curve>& a, const ec::Jacobian<Curve>& b) const {
    return a + b;
  }
};

template <class Curve>
__global__ void fill_infinity_kernel(ec::Jacobian<Curve>* points, std::size_t n) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i < n) points[i] = ec::Jacobian<Curve>::infinity();
}

template <class Curve>
__global__ void scatter_kernel(const std::uint32_t* unique_keys, const ec::Jacobian<Curve>* sums,
                               const unsigned long long* runs, ec::Jacobian<Curve>* buckets) {
  const std::size_t r = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (r < *runs) buckets[unique_keys[r]] = sums[r];
}

// Segment g of window w covers bucket values v in [lo, lo + kSegment), lo = g kSegment + 1:
// sum_v v B_v = sum_v (v - lo + 1) B_v + (lo - 1) sum_v B_v, both from one running sum.
template <class Curve>
__global__ void segment_kernel(const ec::Jacobian<Curve>* buckets, std::size_t half, std::size_t segments,
                               ec::Jacobian<Curve>* out) {
  const std::size_t t = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (t >= segments) return;
  const std::size_t per_window = half / kSegment;
  const std::size_t w = t / per_window;
  const std::size_t g = t % per_window;
  const ec::Jacobian<Curve>* b = buckets + w * half + g * kSegment;
  ec::Jacobian<Curve> running = ec::Jacobian<Curve>::infinity();
  ec::Jacobian<Curve> total = ec::Jacobian<Curve>::infinity();
  for (std::size_t k = kSegment; k-- > 0;) {
    running += b[k];
    total += running;
  }
  const std::uint64_t lo_minus_one = g * kSegment;
  out[t] = total + ec::scalar_mul(running, ff::Limbs{{lo_minus_one, 0, 0, 0}});
}

// out[w m/2 + i] = in[w m + 2i] + in[w m + 2i + 1], for `windows` rows of m points.
template <class Curve>
__global__ void pair_sum_kernel(const ec::Jacobian<Curve>* in, std::size_t m, std::size_t windows,
                                ec::Jacobian<Curve>* out) {
  const std::size_t t = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (t >= windows * (m / 2)) return;
  const std::size_t w = t / (m / 2);
  const std::size_t i = t % (m / 2);
  out[t] = in[w * m + 2 * i] + in[w * m + 2 * i + 1];
}

// Narrow windows: v B_v for every bucket directly.
template <class Curve>
__global__ void weight_kernel(const ec::Jacobian<Curve>* buckets, std::size_t half, std::size_t total,
                                     ec::Jacobian<Curve>* out) {
  const std::size_t t = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (t >= total) return;
  out[t] = ec::scalar_mul(buckets[t], ff::Limbs{{t % half + 1, 0, 0, 0}});
}

template <class Curve>
class DeviceMsm {
 public:
  using Affine = ec::Affine<Curve>;
  using Jacobian = ec::Jacobian<Curve>;

  explicit DeviceMsm(int c) : c_(c), windows_(window_count(c)), half_(std::size_t{1} << (c - 1)) {}

  // Device bytes needed per point, and independent of the point count.
  std::size_t bytes_per_point() const {
    // base, scalar, keys and values twice (sort in and out) per window, sort scratch,
    // and at most one reduce-by-key output per (window, point).
    return sizeof(Affine) + sizeof(ff::Fr) + windows_ * (4 * sizeof(std::uint32_t) + 2 * sizeof(std::uint32_t)) +
           windows_ * (sizeof(Jacobian) + sizeof(std::uint32_t));
  }
  std::size_t fixed_bytes() const { return 2 * windows_ * half_ * sizeof(Jacobian) + (std::size_t{64} << 20); }

  Status init() { return stream_.create(); }

  // Adds one chunk of points' window sums W_w into window_sums.
  Status run_chunk(std::span<const Affine> bases, std::span<const ff::Fr> scalars, std::vector<Jacobian>& window_sums) {
    const std::size_t n = bases.size();
    const std::size_t entries = n * windows_;
    const std::uint32_t skip_key = static_cast<std::uint32_t>(windows_ * half_);
    const int key_bits = std::bit_width(skip_key);
    cudaStream_t stream = stream_.get();

    DeviceBuffer<Affine> d_bases;
    DeviceBuffer<ff::Fr> d_scalars;
    DeviceBuffer<std::uint32_t> keys, values, sorted_keys, sorted_values, unique_keys;
    DeviceBuffer<Jacobian> sums, buckets, segments, halves;
    DeviceBuffer<unsigned long long> counters;  // [0] valid entries, [1] runs
    if (Status s = d_bases.upload(bases, stream); !s) return s;
    if (Status s = d_scalars.upload(scalars, stream); !s) return s;
    for (DeviceBuffer<std::uint32_t>* b : {&keys, &values, &sorted_keys, &sorted_values}) {
      if (Status s = b->allocate(entries); !s) return s;
    }
    if (Status s = counters.allocate(2); !s) return s;

    digits_kernel<Curve><<<blocks_for(n), kThreads, 0, stream>>>(d_bases.get(), d_scalars.get(), n, c_, skip_key,
                                                                  keys.get(), values.get());
    if (Status s = check_launch("msm digits"); !s) return s;

    std::size_t sort_bytes = 0;
    cub::DeviceRadixSort::SortPairs(nullptr, sort_bytes, keys.get(), sorted_keys.get(), values.get(),
                                    sorted_values.get(), entries, 0, key_bits, stream);
    DeviceBuffer<unsigned char> scratch;
    if (Status s = scratch.allocate(sort_bytes); !s) return s;
    if (const cudaError_t err = cub::DeviceRadixSort::SortPairs(scratch.get(), sort_bytes, keys.get(), sorted_keys.get(),
                                                                values.get(), sorted_values.get(), entries, 0,
                                                                key_bits, stream);
        err != cudaSuccess) {
      return proofagg::cuda::cuda_error("msm radix sort", err);
    }
    keys = {};  // release the unsorted copies before the reduction's allocations
    values = {};

    count_valid_kernel<<<1, 1, 0, stream>>>(sorted_keys.get(), entries, skip_key, counters.get());
    unsigned long long valid = 0;
    if (Status s = counters.download(std::span(&valid, 1), 0, stream); !s) return s;

    const std::size_t total_buckets = windows_ * half_;
    if (Status s = buckets.allocate(total_buckets); !s) return s;
    fill_infinity_kernel<Curve><<<blocks_for(total_buckets), kThreads, 0, stream>>>(buckets.get(), total_buckets);
    if (valid > 0) {
      const std::size_t max_runs = std::min<std::size_t>(valid, total_buckets);
      if (Status s = unique_keys.allocate(max_runs); !s) return s;
      if (Status s = sums.allocate(max_runs); !s) return s;
      const auto points = thrust::make_transform_iterator(sorted_values.get(), LoadPoint<Curve>{d_bases.get()});
      std::size_t reduce_bytes = 0;
      cub::DeviceReduce::ReduceByKey(nullptr, reduce_bytes, sorted_keys.get(), unique_keys.get(), points, sums.get(),
                                     counters.get() + 1, AddPoints<Curve>{}, static_cast<std::int64_t>(valid), stream);
      if (Status s = scratch.allocate(reduce_bytes); !s) return s;
      if (const cudaError_t err =
              cub::DeviceReduce::ReduceByKey(scratch.get(), reduce_bytes, sorted_keys.get(), unique_keys.get(), points,
                                             sums.get(), counters.get() + 1, AddPoints<Curve>{},
                                             static_cast<std::int64_t>(valid), stream);
          err != cudaSuccess) {
        return proofagg::cuda::cuda_error("msm bucket reduce-by-key", err);
      }
      scatter_kernel<Curve><<<blocks_for(max_runs), kThreads, 0, stream>>>(unique_keys.get(), sums.get(),
                                                                           counters.get() + 1, buckets.get());
    }

    const std::size_t segment_count = half_ >= kSegment ? total_buckets / kSegment : 0;
    std::size_t m;  // points per window still to add
    if (segment_count > 0) {
      if (Status s = segments.allocate(segment_count); !s) return s;
      segment_kernel<Curve><<<blocks_for(segment_count), kThreads, 0, stream>>>(buckets.get(), half_, segment_count,
                                                                                 segments.get());
      m = half_ / kSegment;
    } else {
      if (Status s = segments.allocate(total_buckets); !s) return s;
      weight_kernel<Curve><<<blocks_for(total_buckets), kThreads, 0, stream>>>(buckets.get(), half_, total_buckets,
                                                                        segments.get());
      m = half_;
    }
    if (Status s = check_launch("msm bucket reduction"); !s) return s;
    if (Status s = halves.allocate(std::max<std::size_t>(1, windows_ * m / 2)); !s) return s;
    Jacobian* in = segments.get();
    Jacobian* out = halves.get();
    for (; m > 1; m /= 2) {
      pair_sum_kernel<Curve><<<blocks_for(windows_ * m / 2), kThreads, 0, stream>>>(in, m, windows_, out);
      std::swap(in, out);
    }
    if (Status s = check_launch("msm window sums"); !s) return s;
    std::vector<Jacobian> host(windows_);
    const cudaError_t err = cudaMemcpyAsync(host.data(), in, windows_ * sizeof(Jacobian), cudaMemcpyDeviceToHost, stream);
    if (err != cudaSuccess) return proofagg::cuda::cuda_error("msm download", err);
    if (Status s = synchronize(stream, "msm"); !s) return s;
    for (std::size_t w = 0; w < windows_; ++w) window_sums[w] += host[w];
    return {};
  }

  std::size_t windows() const { return windows_; }

 private:
  int c_;
  std::size_t windows_, half_;
  Stream stream_;
};

template <class Curve>
Result<ec::Jacobian<Curve>> run(std::span<const ec::Affine<Curve>> bases, std::span<const ff::Fr> scalars,
                                int window_bits) {
  using Jacobian = ec::Jacobian<Curve>;
  const std::size_t n = bases.size();
  if (n == 0) return Jacobian::infinity();
  const int c = window_bits != 0 ? window_bits : window_bits_for(n);
  DeviceMsm<Curve> device(c);
  if (Status s = device.init(); !s) return s.failure().prefixed("msm: ");
  const std::size_t free = proofagg::cuda::free_device_memory() * 8 / 10;
  if (free <= device.fixed_bytes()) return make_error("msm: not enough free device memory for the buckets");
  const std::size_t chunk = std::min(n, (free - device.fixed_bytes()) / device.bytes_per_point());
  if (chunk == 0) return make_error("msm: not enough free device memory for one point");
  std::vector<Jacobian> window_sums(device.windows(), Jacobian::infinity());
  for (std::size_t first = 0; first < n; first += chunk) {
    const std::size_t len = std::min(chunk, n - first);
    if (Status s = device.run_chunk(bases.subspan(first, len), scalars.subspan(first, len), window_sums); !s) {
      return s.failure().prefixed("msm: ");
    }
  }
  Jacobian result = Jacobian::infinity();
  for (std::size_t w = window_sums.size(); w-- > 0;) {
    for (int i = 0; i < c; ++i) result = result.dbl();
    result += window_sums[w];
  }
  return result;
}

}  // namespace

Result<ec::G1> msm(std::span<const ec::G1Affine> bases, std::span<const ff::Fr> scalars, int window_bits) {
  return run<ec::G1Curve>(bases, scalars, window_bits);
}
Result<ec::G2> msm(std::span<const ec::G2Affine> bases, std::span<const ff::Fr> scalars, int window_bits) {
  return run<ec::G2Curve>(bases, scalars, window_bits);
}

}  // namespace proofagg::msm::cuda

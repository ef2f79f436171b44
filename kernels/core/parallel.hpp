// Data-parallel loops over the host's cores (OpenMP). Loops too small to pay for
// waking the other threads stay on the calling thread.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstddef>

namespace proofagg {

inline int max_threads() { return omp_get_max_threads(); }

// body(i) for i in [0, count), in parallel when count >= min_parallel.
template <class Body>
void parallel_for(std::size_t count, std::size_t min_parallel, Body&& body) {
  const long long n = static_cast<long long>(count);
#pragma omp parallel for schedule(static) if (count >= min_parallel)
  for (long long i = 0; i < n; ++i) body(static_cast<std::size_t>(i));
}

// Splits [0, count) into contiguous chunks, at most one per thread and each at least
// `min_chunk` long, and calls body(begin, end) on each in parallel.
template <class Body>
void parallel_chunks(std::size_t count, std::size_t min_chunk, Body&& body) {
  if (count == 0) return;
  const std::size_t by_size = std::max<std::size_t>(1, count / std::max<std::size_t>(1, min_chunk));
  const std::size_t chunks = std::min<std::size_t>(by_size, static_cast<std::size_t>(max_threads()));
  const long long c = static_cast<long long>(chunks);
#pragma omp parallel for schedule(static) if (chunks > 1)
  for (long long k = 0; k < c; ++k) {
    const std::size_t begin = count * static_cast<std::size_t>(k) / chunks;
    const std::size_t end = count * static_cast<std::size_t>(k + 1) / chunks;
    body(begin, end);
  }
}

}  // namespace proofagg

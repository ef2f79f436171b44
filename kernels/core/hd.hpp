// Execution-space qualifiers shared by host and CUDA code: the arithmetic core
// is written once and compiled by both g++ and nvcc.
//   PA_HD_INLINE: word- and base-field-level code, always inlined.
//   PA_HD:        everything built on top (towers, curves, pairing). Host compilers
//                 choose what to inline; on the device these stay real calls, since
//                 inlining a whole pairing into a kernel takes nvcc many minutes.
#pragma once

#if defined(__CUDACC__)
#define PA_HD_INLINE __host__ __device__ __forceinline__
#define PA_HD __host__ __device__ __noinline__
#define PA_UNROLL _Pragma("unroll")
#else
#define PA_HD_INLINE inline __attribute__((always_inline))
#define PA_HD inline
#define PA_UNROLL _Pragma("GCC unroll 8")
#endif

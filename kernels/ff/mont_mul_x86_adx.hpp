// Montgomery multiplication for 4-limb moduli with two spare top bits, in x86-64
// assembly using MULX (BMI2) and the two independent carry chains of ADCX/ADOX
// (ADX): one chain accumulates the low halves of the partial products, the other
// the high halves. Host only; selected at build time (PROOFAGG_X86_ADX).
#pragma once

#include "kernels/ff/limbs.hpp"

namespace proofagg::ff::x86_adx {

// One CIOS step: t += a * b[i]; then t = (t + q m) / 2^64 with q = t0 * inv.
// T0..T4 name the five accumulator registers, rotated by one each step.
#define PA_ADX_STEP(I, T0, T1, T2, T3, T4)                                               \
  "xorl %%eax, %%eax\n\t"                                                                \
  "movq " #I "(%[b]), %%rdx\n\t"                                                         \
  "mulxq 0(%[a]), %%rcx, %%rbx\n\t"                                                      \
  "adcxq %%rcx, %%" T0 "\n\t"                                                            \
  "adoxq %%rbx, %%" T1 "\n\t"                                                            \
  "mulxq 8(%[a]), %%rcx, %%rbx\n\t"                                                      \
  "adcxq %%rcx, %%" T1 "\n\t"                                                            \
  "adoxq %%rbx, %%" T2 "\n\t"                                                            \
  "mulxq 16(%[a]), %%rcx, %%rbx\n\t"                                                     \
  "adcxq %%rcx, %%" T2 "\n\t"                                                            \
  "adoxq %%rbx, %%" T3 "\n\t"                                                            \
  "mulxq 24(%[a]), %%rcx, %%" T4 "\n\t"                                                  \
  "adcxq %%rcx, %%" T3 "\n\t"                                                            \
  "adoxq %%rax, %%" T4 "\n\t"                                                            \
  "adcxq %%rax, %%" T4 "\n\t"                                                            \
  "movq %[inv], %%rdx\n\t"                                                               \
  "imulq %%" T0 ", %%rdx\n\t"                                                            \
  "xorl %%eax, %%eax\n\t"                                                                \
  "mulxq 0(%[m]), %%rcx, %%rbx\n\t"                                                      \
  "adcxq %%rcx, %%" T0 "\n\t"                                                            \
  "adoxq %%rbx, %%" T1 "\n\t"                                                            \
  "mulxq 8(%[m]), %%rcx, %%rbx\n\t"                                                      \
  "adcxq %%rcx, %%" T1 "\n\t"                                                            \
  "adoxq %%rbx, %%" T2 "\n\t"                                                            \
  "mulxq 16(%[m]), %%rcx, %%rbx\n\t"                                                     \
  "adcxq %%rcx, %%" T2 "\n\t"                                                            \
  "adoxq %%rbx, %%" T3 "\n\t"                                                            \
  "mulxq 24(%[m]), %%rcx, %%rbx\n\t"                                                     \
  "adcxq %%rcx, %%" T3 "\n\t"                                                            \
  "adoxq %%rbx, %%" T4 "\n\t"                                                            \
  "adcxq %%rax, %%" T4 "\n\t"

// out = a * b / 2^256 mod m, in [0, 2m) (the caller subtracts m once if needed).
inline __attribute__((always_inline)) void mont_mul(const u64* a, const u64* b, const u64* m, u64 inv,
                                                    u64* out) {
  asm(
      "xorl %%r8d, %%r8d\n\t"
      "xorl %%r9d, %%r9d\n\t"
      "xorl %%r10d, %%r10d\n\t"
      "xorl %%r11d, %%r11d\n\t"
      PA_ADX_STEP(0, "r8", "r9", "r10", "r11", "r12")
      PA_ADX_STEP(8, "r9", "r10", "r11", "r12", "r8")
      PA_ADX_STEP(16, "r10", "r11", "r12", "r8", "r9")
      PA_ADX_STEP(24, "r11", "r12", "r8", "r9", "r10")
      "movq %%r12, 0(%[out])\n\t"
      "movq %%r8, 8(%[out])\n\t"
      "movq %%r9, 16(%[out])\n\t"
      "movq %%r10, 24(%[out])\n\t"
      : "=m"(*reinterpret_cast<u64(*)[kLimbs]>(out))
      : [a] "r"(a), [b] "r"(b), [m] "r"(m), [inv] "m"(inv), [out] "r"(out),
        "m"(*reinterpret_cast<const u64(*)[kLimbs]>(a)), "m"(*reinterpret_cast<const u64(*)[kLimbs]>(b)),
        "m"(*reinterpret_cast<const u64(*)[kLimbs]>(m))
      : "rax", "rbx", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "cc");
}

#undef PA_ADX_STEP

}  // namespace proofagg::ff::x86_adx

// Montgomery multiplication for 4-limb moduli with two spare top bits, in x86-64
// assembly using MULX (BMI2) and the two independent carry chains of ADCX/ADOX
// (ADX): one chain accumulates the low halves of the partial products, the other
// the high halves. Host only; selected at build time (PROOFAGG_X86_ADX).
#pragma once

#include "kernels/ff/limbs.hpp"

namespace proofagg::ff::x86_adx {

// t += a * b[i]: T0..T3 hold the running window, T4 receives the new top word.
#define PA_ADX_MUL_ROW(I, T0, T1, T2, T3, T4)                                            \
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
  "adcxq %%rax, %%" T4 "\n\t"

// t = (t + q m) / 2^64 with q = T0 * inv: T0 becomes zero, T1..T4 the new window.
#define PA_ADX_REDUCE_STEP(T0, T1, T2, T3, T4)                                           \
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

#define PA_ADX_STEP(I, T0, T1, T2, T3, T4) \
  PA_ADX_MUL_ROW(I, T0, T1, T2, T3, T4) PA_ADX_REDUCE_STEP(T0, T1, T2, T3, T4)

// Writes (R0..R3) - m to out when that does not borrow, else (R0..R3): the result
// in [0, 2m) reduced to [0, m) without leaving registers.
#define PA_ADX_REDUCE_ONCE_AND_STORE(R0, R1, R2, R3)                                     \
  "movq %%" R0 ", %%rax\n\t"                                                             \
  "movq %%" R1 ", %%rbx\n\t"                                                             \
  "movq %%" R2 ", %%rcx\n\t"                                                             \
  "movq %%" R3 ", %%rdx\n\t"                                                             \
  "subq 0(%[m]), %%rax\n\t"                                                              \
  "sbbq 8(%[m]), %%rbx\n\t"                                                              \
  "sbbq 16(%[m]), %%rcx\n\t"                                                             \
  "sbbq 24(%[m]), %%rdx\n\t"                                                             \
  "cmovcq %%" R0 ", %%rax\n\t"                                                           \
  "cmovcq %%" R1 ", %%rbx\n\t"                                                           \
  "cmovcq %%" R2 ", %%rcx\n\t"                                                           \
  "cmovcq %%" R3 ", %%rdx\n\t"                                                           \
  "movq %%rax, 0(%[out])\n\t"                                                            \
  "movq %%rbx, 8(%[out])\n\t"                                                            \
  "movq %%rcx, 16(%[out])\n\t"                                                           \
  "movq %%rdx, 24(%[out])\n\t"

#define PA_ADX_MEM4(p) (*reinterpret_cast<const u64(*)[kLimbs]>(p))

// out = a * b / 2^256 mod m, fully reduced.
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
      PA_ADX_REDUCE_ONCE_AND_STORE("r12", "r8", "r9", "r10")
      : "=m"(*reinterpret_cast<u64(*)[kLimbs]>(out))
      : [a] "r"(a), [b] "r"(b), [m] "r"(m), [inv] "m"(inv), [out] "r"(out),
        "m"(PA_ADX_MEM4(a)), "m"(PA_ADX_MEM4(b)), "m"(PA_ADX_MEM4(m))
      : "rax", "rbx", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "cc");
}

// out[0..7] = a * b (512-bit product, no reduction).
inline __attribute__((always_inline)) void mul_wide(const u64* a, const u64* b, u64* out) {
  asm("xorl %%r8d, %%r8d\n\t"
      "xorl %%r9d, %%r9d\n\t"
      "xorl %%r10d, %%r10d\n\t"
      "xorl %%r11d, %%r11d\n\t"
      PA_ADX_MUL_ROW(0, "r8", "r9", "r10", "r11", "r12")
      "movq %%r8, 0(%[out])\n\t"
      PA_ADX_MUL_ROW(8, "r9", "r10", "r11", "r12", "r8")
      "movq %%r9, 8(%[out])\n\t"
      PA_ADX_MUL_ROW(16, "r10", "r11", "r12", "r8", "r9")
      "movq %%r10, 16(%[out])\n\t"
      PA_ADX_MUL_ROW(24, "r11", "r12", "r8", "r9", "r10")
      "movq %%r11, 24(%[out])\n\t"
      "movq %%r12, 32(%[out])\n\t"
      "movq %%r8, 40(%[out])\n\t"
      "movq %%r9, 48(%[out])\n\t"
      "movq %%r10, 56(%[out])\n\t"
      : "=m"(*reinterpret_cast<u64(*)[2 * kLimbs]>(out))
      : [a] "r"(a), [b] "r"(b), [out] "r"(out), "m"(PA_ADX_MEM4(a)), "m"(PA_ADX_MEM4(b))
      : "rax", "rbx", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "cc");
}

// out = t / 2^256 mod m for t < m 2^256, fully reduced: four reduction steps on
// the low half, then the high half added in.
inline __attribute__((always_inline)) void redc(const u64* t, const u64* m, u64 inv, u64* out) {
  asm("movq 0(%[t]), %%r8\n\t"
      "movq 8(%[t]), %%r9\n\t"
      "movq 16(%[t]), %%r10\n\t"
      "movq 24(%[t]), %%r11\n\t"
      "xorl %%r12d, %%r12d\n\t"
      PA_ADX_REDUCE_STEP("r8", "r9", "r10", "r11", "r12")
      "xorl %%r8d, %%r8d\n\t"
      PA_ADX_REDUCE_STEP("r9", "r10", "r11", "r12", "r8")
      "xorl %%r9d, %%r9d\n\t"
      PA_ADX_REDUCE_STEP("r10", "r11", "r12", "r8", "r9")
      "xorl %%r10d, %%r10d\n\t"
      PA_ADX_REDUCE_STEP("r11", "r12", "r8", "r9", "r10")
      "addq 32(%[t]), %%r12\n\t"
      "adcq 40(%[t]), %%r8\n\t"
      "adcq 48(%[t]), %%r9\n\t"
      "adcq 56(%[t]), %%r10\n\t"
      PA_ADX_REDUCE_ONCE_AND_STORE("r12", "r8", "r9", "r10")
      : "=m"(*reinterpret_cast<u64(*)[kLimbs]>(out))
      : [t] "r"(t), [m] "r"(m), [inv] "m"(inv), [out] "r"(out),
        "m"(*reinterpret_cast<const u64(*)[2 * kLimbs]>(t)), "m"(PA_ADX_MEM4(m))
      : "rax", "rbx", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "cc");
}

#undef PA_ADX_STEP
#undef PA_ADX_MUL_ROW
#undef PA_ADX_REDUCE_STEP
#undef PA_ADX_MEM4
#undef PA_ADX_REDUCE_ONCE_AND_STORE

}  // namespace proofagg::ff::x86_adx

// Montgomery arithmetic for 4-limb moduli with two spare top bits, in x86-64
// assembly with MULX (BMI2). Each row a * y is formed in scratch registers, apart
// from the accumulator, so the CPU overlaps it with the previous reduction; only
// short add/adc chains and the q = t0 * inv multiplication stay on the critical
// path. Host only; selected at build time (PROOFAGG_X86_BMI2).
#pragma once

#include "kernels/ff/limbs.hpp"

namespace proofagg::ff::x86_bmi2 {

// [TOP:r14:r13:rcx:rbx] = X[0..3] * rdx, with X0..X3 the four limb operands
// (TOP may be rdx itself: MULX reads its implicit source before writing).
#define PA_BMI2_MUL4X1(X0, X1, X2, X3, TOP) \
  "mulxq " X0 ", %%rbx, %%rcx\n\t"          \
  "mulxq " X1 ", %%rax, %%r13\n\t"          \
  "addq %%rax, %%rcx\n\t"                   \
  "mulxq " X2 ", %%rax, %%r14\n\t"          \
  "adcq %%rax, %%r13\n\t"                   \
  "mulxq " X3 ", %%rax, %%" TOP "\n\t"      \
  "adcq %%rax, %%r14\n\t"                   \
  "adcq $0, %%" TOP "\n\t"

// Expands its arguments before PA_BMI2_MUL4X1 counts them.
#define PA_BMI2_MUL4X1_OF(...) PA_BMI2_MUL4X1(__VA_ARGS__)
#define PA_BMI2_A "0(%[a])", "8(%[a])", "16(%[a])", "24(%[a])"
#define PA_BMI2_M "%[m0]", "%[m1]", "%[m2]", "%[m3]"

// First row: the accumulator T0..T4 is the product a * b[i].
#define PA_BMI2_FIRST_ROW(I, T0, T1, T2, T3, T4) \
  "movq " #I "(%[b]), %%rdx\n\t"                 \
  PA_BMI2_MUL4X1_OF(PA_BMI2_A, T4)                  \
  "movq %%rbx, %%" T0 "\n\t"                     \
  "movq %%rcx, %%" T1 "\n\t"                     \
  "movq %%r13, %%" T2 "\n\t"                     \
  "movq %%r14, %%" T3 "\n\t"

// Later rows: T0..T3 += a * b[i] (low four words); T4 (free) takes the top word.
#define PA_BMI2_ROW(I, T0, T1, T2, T3, T4) \
  "movq " #I "(%[b]), %%rdx\n\t"           \
  PA_BMI2_MUL4X1_OF(PA_BMI2_A, T4)            \
  "addq %%rbx, %%" T0 "\n\t"               \
  "adcq %%rcx, %%" T1 "\n\t"               \
  "adcq %%r13, %%" T2 "\n\t"               \
  "adcq %%r14, %%" T3 "\n\t"               \
  "adcq $0, %%" T4 "\n\t"

// T += q m with q = T0 * inv: T0 becomes zero and T1..T4 hold T / 2^64.
#define PA_BMI2_REDUCE(T0, T1, T2, T3, T4) \
  "movq %[inv], %%rdx\n\t"                 \
  "imulq %%" T0 ", %%rdx\n\t"              \
  PA_BMI2_MUL4X1_OF(PA_BMI2_M, "rdx")         \
  "addq %%rbx, %%" T0 "\n\t"               \
  "adcq %%rcx, %%" T1 "\n\t"               \
  "adcq %%r13, %%" T2 "\n\t"               \
  "adcq %%r14, %%" T3 "\n\t"               \
  "adcq %%rdx, %%" T4 "\n\t"

// (rax, rbx, rcx, rdx) = (R0..R3) - m, or (R0..R3) itself when that borrows.
#define PA_BMI2_REDUCE_ONCE(R0, R1, R2, R3) \
  "movq %%" R0 ", %%rax\n\t"                \
  "movq %%" R1 ", %%rbx\n\t"                \
  "movq %%" R2 ", %%rcx\n\t"                \
  "movq %%" R3 ", %%rdx\n\t"                \
  "subq %[m0], %%rax\n\t"                   \
  "sbbq %[m1], %%rbx\n\t"                   \
  "sbbq %[m2], %%rcx\n\t"                   \
  "sbbq %[m3], %%rdx\n\t"                   \
  "cmovcq %%" R0 ", %%rax\n\t"              \
  "cmovcq %%" R1 ", %%rbx\n\t"              \
  "cmovcq %%" R2 ", %%rcx\n\t"              \
  "cmovcq %%" R3 ", %%rdx\n\t"

// Registers: rax..rdx and r8..r14 are used; operands are addressed through one
// pointer register each (or RIP-relative constants), which leaves the compiler
// rsi, rdi, r15 and rbp: enough in every inlining context, frame pointer or not.
#define PA_BMI2_CLOBBERS "r8", "r9", "r10", "r11", "r12", "r13", "r14", "cc"
#define PA_BMI2_MEM4(p) (*reinterpret_cast<const u64(*)[kLimbs]>(p))
#define PA_BMI2_MODULUS_OPERANDS \
  [m0] "m"(m.v[0]), [m1] "m"(m.v[1]), [m2] "m"(m.v[2]), [m3] "m"(m.v[3]), [inv] "m"(inv)

// a * b / 2^256 mod m, fully reduced (CIOS without the final carry word). m and
// inv should be static constants, addressed RIP-relative.
inline __attribute__((always_inline)) Limbs mont_mul(const Limbs& a, const Limbs& b, const Limbs& m,
                                                     const u64& inv) {
  Limbs r;
  asm(PA_BMI2_FIRST_ROW(0, "r8", "r9", "r10", "r11", "r12")
      PA_BMI2_REDUCE("r8", "r9", "r10", "r11", "r12")
      PA_BMI2_ROW(8, "r9", "r10", "r11", "r12", "r8")
      PA_BMI2_REDUCE("r9", "r10", "r11", "r12", "r8")
      PA_BMI2_ROW(16, "r10", "r11", "r12", "r8", "r9")
      PA_BMI2_REDUCE("r10", "r11", "r12", "r8", "r9")
      PA_BMI2_ROW(24, "r11", "r12", "r8", "r9", "r10")
      PA_BMI2_REDUCE("r11", "r12", "r8", "r9", "r10")
      PA_BMI2_REDUCE_ONCE("r12", "r8", "r9", "r10")
      : "=&a"(r.v[0]), "=&b"(r.v[1]), "=&c"(r.v[2]), "=&d"(r.v[3])
      : [a] "r"(a.v), [b] "r"(b.v), "m"(PA_BMI2_MEM4(a.v)), "m"(PA_BMI2_MEM4(b.v)),
        PA_BMI2_MODULUS_OPERANDS
      : PA_BMI2_CLOBBERS);
  return r;
}

// The full 512-bit product a * b.
inline __attribute__((always_inline)) WideLimbs mul_wide(const Limbs& a, const Limbs& b) {
  WideLimbs t;
  asm(PA_BMI2_FIRST_ROW(0, "r8", "r9", "r10", "r11", "r12")
      "movq %%r8, %[t0]\n\t"
      PA_BMI2_ROW(8, "r9", "r10", "r11", "r12", "r8")
      "movq %%r9, %[t1]\n\t"
      PA_BMI2_ROW(16, "r10", "r11", "r12", "r8", "r9")
      "movq %%r10, %[t2]\n\t"
      PA_BMI2_ROW(24, "r11", "r12", "r8", "r9", "r10")
      "movq %%r11, %[t3]\n\t"
      "movq %%r12, %[t4]\n\t"
      "movq %%r8, %[t5]\n\t"
      "movq %%r9, %[t6]\n\t"
      "movq %%r10, %[t7]\n\t"
      : [t0] "=m"(t.v[0]), [t1] "=m"(t.v[1]), [t2] "=m"(t.v[2]), [t3] "=m"(t.v[3]),
        [t4] "=m"(t.v[4]), [t5] "=m"(t.v[5]), [t6] "=m"(t.v[6]), [t7] "=m"(t.v[7])
      : [a] "r"(a.v), [b] "r"(b.v), "m"(PA_BMI2_MEM4(a.v)), "m"(PA_BMI2_MEM4(b.v))
      : "rax", "rbx", "rcx", "rdx", PA_BMI2_CLOBBERS);
  return t;
}

// t / 2^256 mod m for t < m 2^256, fully reduced: four reduction steps on the low
// half, then the high half added in (the sum stays below 2m).
inline __attribute__((always_inline)) Limbs redc(const WideLimbs& t, const Limbs& m, const u64& inv) {
  Limbs r;
  asm("movq 0(%[t]), %%r8\n\t"
      "movq 8(%[t]), %%r9\n\t"
      "movq 16(%[t]), %%r10\n\t"
      "movq 24(%[t]), %%r11\n\t"
      "xorl %%r12d, %%r12d\n\t"
      PA_BMI2_REDUCE("r8", "r9", "r10", "r11", "r12")
      PA_BMI2_REDUCE("r9", "r10", "r11", "r12", "r8")
      PA_BMI2_REDUCE("r10", "r11", "r12", "r8", "r9")
      PA_BMI2_REDUCE("r11", "r12", "r8", "r9", "r10")
      "addq 32(%[t]), %%r12\n\t"
      "adcq 40(%[t]), %%r8\n\t"
      "adcq 48(%[t]), %%r9\n\t"
      "adcq 56(%[t]), %%r10\n\t"
      PA_BMI2_REDUCE_ONCE("r12", "r8", "r9", "r10")
      : "=&a"(r.v[0]), "=&b"(r.v[1]), "=&c"(r.v[2]), "=&d"(r.v[3])
      : [t] "r"(t.v), "m"(*reinterpret_cast<const u64(*)[2 * kLimbs]>(t.v)), PA_BMI2_MODULUS_OPERANDS
      : PA_BMI2_CLOBBERS);
  return r;
}

#undef PA_BMI2_MUL4X1
#undef PA_BMI2_MUL4X1_OF
#undef PA_BMI2_A
#undef PA_BMI2_M
#undef PA_BMI2_FIRST_ROW
#undef PA_BMI2_ROW
#undef PA_BMI2_REDUCE
#undef PA_BMI2_REDUCE_ONCE
#undef PA_BMI2_CLOBBERS
#undef PA_BMI2_MEM4
#undef PA_BMI2_MODULUS_OPERANDS

}  // namespace proofagg::ff::x86_bmi2

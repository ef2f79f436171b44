// Montgomery arithmetic for 4-limb moduli with two spare top bits, in x86-64
// assembly with MULX (BMI2). Each row a * y is formed in scratch registers, apart
// from the accumulator, so the CPU overlaps it with the previous reduction; only
// short add/adc chains and the q = t0 * inv multiplication stay on the critical
// path. Host only; selected at build time (PROOFAGG_X86_BMI2).
#pragma once

#include "kernels/ff/limbs.hpp"

namespace proofagg::ff::x86_bmi2 {

// [r15:r14:r13:rcx:rbx] = X[0..3] * rdx, with X0..X3 the four limb operands.
#define PA_BMI2_MUL4X1(X0, X1, X2, X3)      \
  "mulxq " X0 ", %%rbx, %%rcx\n\t"          \
  "mulxq " X1 ", %%rax, %%r13\n\t"          \
  "addq %%rax, %%rcx\n\t"                   \
  "mulxq " X2 ", %%rax, %%r14\n\t"          \
  "adcq %%rax, %%r13\n\t"                   \
  "mulxq " X3 ", %%rax, %%r15\n\t"          \
  "adcq %%rax, %%r14\n\t"                   \
  "adcq $0, %%r15\n\t"

// First row: the accumulator T0..T4 is the product a * b[0].
#define PA_BMI2_FIRST_ROW(B, T0, T1, T2, T3, T4)            \
  "movq " B ", %%rdx\n\t"                                   \
  PA_BMI2_MUL4X1("%[a0]", "%[a1]", "%[a2]", "%[a3]")        \
  "movq %%rbx, %%" T0 "\n\t"                                \
  "movq %%rcx, %%" T1 "\n\t"                                \
  "movq %%r13, %%" T2 "\n\t"                                \
  "movq %%r14, %%" T3 "\n\t"                                \
  "movq %%r15, %%" T4 "\n\t"

// Later rows: T0..T3 += a * b[i] (low four words), T4 = top word plus carry.
#define PA_BMI2_ROW(B, T0, T1, T2, T3, T4)                  \
  "movq " B ", %%rdx\n\t"                                   \
  PA_BMI2_MUL4X1("%[a0]", "%[a1]", "%[a2]", "%[a3]")        \
  "addq %%rbx, %%" T0 "\n\t"                                \
  "adcq %%rcx, %%" T1 "\n\t"                                \
  "adcq %%r13, %%" T2 "\n\t"                                \
  "adcq %%r14, %%" T3 "\n\t"                                \
  "adcq $0, %%r15\n\t"                                      \
  "movq %%r15, %%" T4 "\n\t"

// T += q m with q = T0 * inv: T0 becomes zero and T1..T4 hold T / 2^64.
#define PA_BMI2_REDUCE(T0, T1, T2, T3, T4)                  \
  "movq %[inv], %%rdx\n\t"                                  \
  "imulq %%" T0 ", %%rdx\n\t"                               \
  PA_BMI2_MUL4X1("%[m0]", "%[m1]", "%[m2]", "%[m3]")        \
  "addq %%rbx, %%" T0 "\n\t"                                \
  "adcq %%rcx, %%" T1 "\n\t"                                \
  "adcq %%r13, %%" T2 "\n\t"                                \
  "adcq %%r14, %%" T3 "\n\t"                                \
  "adcq %%r15, %%" T4 "\n\t"

// (rax, rbx, rcx, rdx) = (R0..R3) - m, or (R0..R3) itself when that borrows.
#define PA_BMI2_REDUCE_ONCE(R0, R1, R2, R3)                 \
  "movq %%" R0 ", %%rax\n\t"                                \
  "movq %%" R1 ", %%rbx\n\t"                                \
  "movq %%" R2 ", %%rcx\n\t"                                \
  "movq %%" R3 ", %%rdx\n\t"                                \
  "subq %[m0], %%rax\n\t"                                   \
  "sbbq %[m1], %%rbx\n\t"                                   \
  "sbbq %[m2], %%rcx\n\t"                                   \
  "sbbq %[m3], %%rdx\n\t"                                   \
  "cmovcq %%" R0 ", %%rax\n\t"                              \
  "cmovcq %%" R1 ", %%rbx\n\t"                              \
  "cmovcq %%" R2 ", %%rcx\n\t"                              \
  "cmovcq %%" R3 ", %%rdx\n\t"

#define PA_BMI2_CLOBBERS "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "cc"

// a * b / 2^256 mod m, fully reduced (CIOS without the final carry word).
inline __attribute__((always_inline)) Limbs mont_mul(const Limbs& a, const Limbs& b, const Limbs& m,
                                                     const u64& inv) {
  Limbs r;
  asm(PA_BMI2_FIRST_ROW("%[b0]", "r8", "r9", "r10", "r11", "r12")
      PA_BMI2_REDUCE("r8", "r9", "r10", "r11", "r12")
      PA_BMI2_ROW("%[b1]", "r9", "r10", "r11", "r12", "r8")
      PA_BMI2_REDUCE("r9", "r10", "r11", "r12", "r8")
      PA_BMI2_ROW("%[b2]", "r10", "r11", "r12", "r8", "r9")
      PA_BMI2_REDUCE("r10", "r11", "r12", "r8", "r9")
      PA_BMI2_ROW("%[b3]", "r11", "r12", "r8", "r9", "r10")
      PA_BMI2_REDUCE("r11", "r12", "r8", "r9", "r10")
      PA_BMI2_REDUCE_ONCE("r12", "r8", "r9", "r10")
      : "=&a"(r.v[0]), "=&b"(r.v[1]), "=&c"(r.v[2]), "=&d"(r.v[3])
      : [a0] "m"(a.v[0]), [a1] "m"(a.v[1]), [a2] "m"(a.v[2]), [a3] "m"(a.v[3]),
        [b0] "m"(b.v[0]), [b1] "m"(b.v[1]), [b2] "m"(b.v[2]), [b3] "m"(b.v[3]),
        [m0] "m"(m.v[0]), [m1] "m"(m.v[1]), [m2] "m"(m.v[2]), [m3] "m"(m.v[3]), [inv] "m"(inv)
      : PA_BMI2_CLOBBERS);
  return r;
}

// The full 512-bit product a * b.
inline __attribute__((always_inline)) WideLimbs mul_wide(const Limbs& a, const Limbs& b) {
  WideLimbs t;
  asm(PA_BMI2_FIRST_ROW("%[b0]", "r8", "r9", "r10", "r11", "r12")
      "movq %%r8, %[t0]\n\t"
      PA_BMI2_ROW("%[b1]", "r9", "r10", "r11", "r12", "r8")
      "movq %%r9, %[t1]\n\t"
      PA_BMI2_ROW("%[b2]", "r10", "r11", "r12", "r8", "r9")
      "movq %%r10, %[t2]\n\t"
      PA_BMI2_ROW("%[b3]", "r11", "r12", "r8", "r9", "r10")
      "movq %%r11, %[t3]\n\t"
      "movq %%r12, %[t4]\n\t"
      "movq %%r8, %[t5]\n\t"
      "movq %%r9, %[t6]\n\t"
      "movq %%r10, %[t7]\n\t"
      : [t0] "=m"(t.v[0]), [t1] "=m"(t.v[1]), [t2] "=m"(t.v[2]), [t3] "=m"(t.v[3]),
        [t4] "=m"(t.v[4]), [t5] "=m"(t.v[5]), [t6] "=m"(t.v[6]), [t7] "=m"(t.v[7])
      : [a0] "m"(a.v[0]), [a1] "m"(a.v[1]), [a2] "m"(a.v[2]), [a3] "m"(a.v[3]),
        [b0] "m"(b.v[0]), [b1] "m"(b.v[1]), [b2] "m"(b.v[2]), [b3] "m"(b.v[3])
      : "rax", "rbx", "rcx", "rdx", PA_BMI2_CLOBBERS);
  return t;
}

// t / 2^256 mod m for t < m 2^256, fully reduced: four reduction steps on the low
// half, then the high half added in (the sum stays below 2m).
inline __attribute__((always_inline)) Limbs redc(const WideLimbs& t, const Limbs& m, const u64& inv) {
  Limbs r;
  asm("movq %[t0], %%r8\n\t"
      "movq %[t1], %%r9\n\t"
      "movq %[t2], %%r10\n\t"
      "movq %[t3], %%r11\n\t"
      "xorl %%r12d, %%r12d\n\t"
      PA_BMI2_REDUCE("r8", "r9", "r10", "r11", "r12")
      PA_BMI2_REDUCE("r9", "r10", "r11", "r12", "r8")
      PA_BMI2_REDUCE("r10", "r11", "r12", "r8", "r9")
      PA_BMI2_REDUCE("r11", "r12", "r8", "r9", "r10")
      "addq %[t4], %%r12\n\t"
      "adcq %[t5], %%r8\n\t"
      "adcq %[t6], %%r9\n\t"
      "adcq %[t7], %%r10\n\t"
      PA_BMI2_REDUCE_ONCE("r12", "r8", "r9", "r10")
      : "=&a"(r.v[0]), "=&b"(r.v[1]), "=&c"(r.v[2]), "=&d"(r.v[3])
      : [t0] "m"(t.v[0]), [t1] "m"(t.v[1]), [t2] "m"(t.v[2]), [t3] "m"(t.v[3]),
        [t4] "m"(t.v[4]), [t5] "m"(t.v[5]), [t6] "m"(t.v[6]), [t7] "m"(t.v[7]),
        [m0] "m"(m.v[0]), [m1] "m"(m.v[1]), [m2] "m"(m.v[2]), [m3] "m"(m.v[3]), [inv] "m"(inv)
      : PA_BMI2_CLOBBERS);
  return r;
}

#undef PA_BMI2_MUL4X1
#undef PA_BMI2_FIRST_ROW
#undef PA_BMI2_ROW
#undef PA_BMI2_REDUCE
#undef PA_BMI2_REDUCE_ONCE
#undef PA_BMI2_CLOBBERS

}  // namespace proofagg::ff::x86_bmi2

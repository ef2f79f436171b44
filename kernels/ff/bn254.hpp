// The two prime fields of BN254 (alt_bn128): Fq, the base field of the curve, and
// Fr, the scalar field (the group order r). Constants are in Montgomery form where
// noted; tests/kernels/ff_constants_test.cpp recomputes every one of them.
#pragma once

#include "kernels/ff/mont_field.hpp"

namespace proofagg::ff {

struct FqParams {
  // p = 21888242871839275222246405745257275088696311157297823662689037894645226208583
  PA_HD static constexpr Limbs modulus() {
    return {{0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}};
  }
  PA_HD static constexpr Limbs one() {
    return {{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}};
  }
  PA_HD static constexpr Limbs r2() {
    return {{0xf32cfc5b538afa89ULL, 0xb5e71911d44501fbULL, 0x47ab1eff0a417ff6ULL, 0x06d89f71cab8351fULL}};
  }
  PA_HD static constexpr Limbs modulus_minus_two() {
    return {{0x3c208c16d87cfd45ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}};
  }
  PA_HD static constexpr Limbs half_order() {
    return {{0x9e10460b6c3e7ea3ULL, 0xcbc0b548b438e546ULL, 0xdc2822db40c0ac2eULL, 0x183227397098d014ULL}};
  }
  // p - 1 = 2 t: (t - 1) / 2 = (p - 3) / 4.
  PA_HD static constexpr Limbs odd_part_half() {
    return {{0x4f082305b61f3f51ULL, 0x65e05aa45a1c72a3ULL, 0x6e14116da0605617ULL, 0x0c19139cb84c680aULL}};
  }
  // -1 in Montgomery form (3^t for the non-residue 3).
  PA_HD static constexpr Limbs root_of_unity() {
    return {{0x68c3488912edefaaULL, 0x8d087f6872aabf4fULL, 0x51e1a24709081231ULL, 0x2259d6b14729c0faULL}};
  }
  static constexpr u64 inv = 0x87d20782e4866389ULL;
  static constexpr int two_adicity = 1;
};

struct FrParams {
  // r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
  PA_HD static constexpr Limbs modulus() {
    return {{0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}};
  }
  PA_HD static constexpr Limbs one() {
    return {{0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}};
  }
  PA_HD static constexpr Limbs r2() {
    return {{0x1bb8e645ae216da7ULL, 0x53fe3ab1e35c59e3ULL, 0x8c49833d53bb8085ULL, 0x0216d0b17f4e44a5ULL}};
  }
  PA_HD static constexpr Limbs modulus_minus_two() {
    return {{0x43e1f593efffffffULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}};
  }
  PA_HD static constexpr Limbs half_order() {
    return {{0xa1f0fac9f8000000ULL, 0x9419f4243cdcb848ULL, 0xdc2822db40c0ac2eULL, 0x183227397098d014ULL}};
  }
  // r - 1 = 2^28 t: (t - 1) / 2.
  PA_HD static constexpr Limbs odd_part_half() {
    return {{0xcdcb848a1f0fac9fULL, 0x0c0ac2e9419f4243ULL, 0x098d014dc2822db4ULL, 0x0000000183227397ULL}};
  }
  // 5^t: a primitive 2^28-th root of unity (5 is the least non-residue), Montgomery form.
  PA_HD static constexpr Limbs root_of_unity() {
    return {{0x636e735580d13d9cULL, 0xa22bf3742445ffd6ULL, 0x56452ac01eb203d8ULL, 0x1860ef942963f9e7ULL}};
  }
  static constexpr u64 inv = 0xc2e1f593efffffffULL;
  static constexpr int two_adicity = 28;
};

using Fq = MontField<FqParams>;
using Fr = MontField<FrParams>;

}  // namespace proofagg::ff

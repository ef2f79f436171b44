// BN254 arithmetic benchmarks: Fq mul, G1 add, G1 scalar mul, pairing, 4-pair
// multi-pairing. Peers are measured by bench/RESULTS.md's commands in the same run.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "kernels/ec/bn254.hpp"
#include "kernels/ff/random.hpp"
#include "kernels/pairing/multi_pairing.hpp"

namespace proofagg {
namespace {

std::mt19937_64& rng() {
  static std::mt19937_64 engine(42);
  return engine;
}

ff::Limbs random_scalar() { return ff::random_field_element<ff::Fr>(rng()).to_canonical(); }
ec::G1Affine random_g1() { return ec::g1_mul(ec::G1::from_affine(ec::g1_generator()), random_scalar()).to_affine(); }
ec::G2Affine random_g2() { return ec::g2_mul(ec::G2::from_affine(ec::g2_generator()), random_scalar()).to_affine(); }

void BM_FqMul(benchmark::State& state) {
  ff::Fq a = ff::random_field_element<ff::Fq>(rng());
  const ff::Fq b = ff::random_field_element<ff::Fq>(rng());
  for (auto _ : state) {
    a = a * b;  // dependent chain: measures latency, as peers' loops do
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FqMul);

void BM_FqAdd(benchmark::State& state) {
  ff::Fq a = ff::random_field_element<ff::Fq>(rng());
  const ff::Fq b = ff::random_field_element<ff::Fq>(rng());
  for (auto _ : state) {
    a = a + b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FqAdd);

ff::Fq2 random_fq2() { return {ff::random_field_element<ff::Fq>(rng()), ff::random_field_element<ff::Fq>(rng())}; }
ff::Fq6 random_fq6() { return {random_fq2(), random_fq2(), random_fq2()}; }
ff::Fq12 random_fq12() { return {random_fq6(), random_fq6()}; }

void BM_Fq2Mul(benchmark::State& state) {
  ff::Fq2 a = random_fq2();
  const ff::Fq2 b = random_fq2();
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fq2Mul);

void BM_Fq6Mul(benchmark::State& state) {
  ff::Fq6 a = random_fq6();
  const ff::Fq6 b = random_fq6();
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fq6Mul);

void BM_Fq12Mul(benchmark::State& state) {
  ff::Fq12 a = random_fq12();
  const ff::Fq12 b = random_fq12();
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fq12Mul);

void BM_Fq12CyclotomicSquare(benchmark::State& state) {
  ff::Fq12 a = random_fq12();
  for (auto _ : state) {
    a = a.cyclotomic_square();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fq12CyclotomicSquare);

void BM_FqInverse(benchmark::State& state) {
  ff::Fq a = ff::random_field_element<ff::Fq>(rng());
  for (auto _ : state) {
    a = a.inverse();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FqInverse);

void BM_G1Add(benchmark::State& state) {
  ec::G1 p = ec::G1::from_affine(random_g1()).dbl();  // Z != 1: full Jacobian addition
  const ec::G1 q = ec::G1::from_affine(random_g1()).dbl();
  for (auto _ : state) {
    p = p + q;
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_G1Add);

void BM_G1ScalarMul(benchmark::State& state) {
  const ec::G1 p = ec::G1::from_affine(random_g1());
  const ff::Limbs k = random_scalar();
  for (auto _ : state) benchmark::DoNotOptimize(ec::g1_mul(p, k));
}
BENCHMARK(BM_G1ScalarMul);

void BM_G2ScalarMul(benchmark::State& state) {
  const ec::G2 q = ec::G2::from_affine(random_g2());
  const ff::Limbs k = random_scalar();
  for (auto _ : state) benchmark::DoNotOptimize(ec::g2_mul(q, k));
}
BENCHMARK(BM_G2ScalarMul);

void BM_G2SubgroupCheck(benchmark::State& state) {
  const ec::G2Affine q = random_g2();
  for (auto _ : state) benchmark::DoNotOptimize(ec::g2_in_subgroup(q));
}
BENCHMARK(BM_G2SubgroupCheck);

void BM_PrepareG2(benchmark::State& state) {
  const ec::G2Affine q = random_g2();
  pairing::G2Prepared prepared;
  for (auto _ : state) {
    pairing::prepare_g2(q, prepared);
    benchmark::DoNotOptimize(prepared);
  }
}
BENCHMARK(BM_PrepareG2);

void BM_MillerLoop(benchmark::State& state) {
  const ec::G1Affine p = random_g1();
  const pairing::G2Prepared q = pairing::prepare(random_g2());
  for (auto _ : state) benchmark::DoNotOptimize(pairing::miller_loop(&p, &q, 1));
}
BENCHMARK(BM_MillerLoop);

void BM_FinalExponentiation(benchmark::State& state) {
  const ec::G1Affine p = random_g1();
  const pairing::G2Prepared q = pairing::prepare(random_g2());
  const ff::Fq12 f = pairing::miller_loop(&p, &q, 1);
  for (auto _ : state) benchmark::DoNotOptimize(pairing::final_exponentiation(f));
}
BENCHMARK(BM_FinalExponentiation);

void BM_Pairing(benchmark::State& state) {
  const ec::G1Affine p = random_g1();
  const ec::G2Affine q = random_g2();
  for (auto _ : state) benchmark::DoNotOptimize(pairing::pairing(p, q));
}
BENCHMARK(BM_Pairing)->Unit(benchmark::kMicrosecond);

void BM_MultiPairing4(benchmark::State& state) {
  std::vector<ec::G1Affine> p;
  std::vector<ec::G2Affine> q;
  for (int i = 0; i < 4; ++i) {
    p.push_back(random_g1());
    q.push_back(random_g2());
  }
  for (auto _ : state) benchmark::DoNotOptimize(pairing::multi_pairing(p, q));
}
BENCHMARK(BM_MultiPairing4)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace proofagg

BENCHMARK_MAIN();

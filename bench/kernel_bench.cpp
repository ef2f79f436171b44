// proofagg-bench: NTT and MSM timings through the public kernels/ interface, one
// JSON line per run (op, size, backend, median/min ms over the repeats, throughput).
//   proofagg-bench ntt|msm-g1|msm-g2 --log-size N --backend cpu|cuda|auto [--repeats R]
//                  [--scalars uniform|equal]
// Inputs are random and fixed before timing; each result is checked against the
// first repeat's, so a backend that drifts fails loudly instead of timing garbage.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <random>
#include <vector>

#include "kernels/core/parallel.hpp"
#include "kernels/ec/random_points.hpp"
#include "kernels/msm/msm.hpp"
#include "kernels/ntt/ntt.hpp"

namespace proofagg {
namespace {

struct Timing {
  double median_ms;
  double min_ms;
};

// Runs `once` warmup + repeats times; `once` returns false on error.
Timing time_runs(int repeats, const std::function<bool()>& once) {
  if (!once()) std::exit(1);  // warm-up: twiddles, device context, page faults
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    if (!once()) std::exit(1);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.front()};
}

std::vector<ff::Fr> random_scalars(std::size_t n, std::mt19937_64& rng) {
  std::vector<ff::Fr> v(n);
  for (ff::Fr& x : v) x = ff::random_field_element<ff::Fr>(rng);
  return v;
}

Timing bench_ntt(std::size_t n, Backend backend, int repeats, std::mt19937_64& rng) {
  const std::vector<ff::Fr> input = random_scalars(n, rng);
  std::vector<ff::Fr> data;
  std::vector<ff::Fr> first;
  ntt::NttOptions options;
  options.backend = backend;
  return time_runs(repeats, [&] {
    data = input;  // copying 32n bytes is < 1% of the transform
    const Status s = ntt::ntt(data, options);
    if (!s) std::cerr << s.error() << "\n";
    if (first.empty()) first = data;
    if (data != first) {
      std::cerr << "ntt: results differ between repeats\n";
      return false;
    }
    return s.ok();
  });
}

template <class Curve>
Timing bench_msm(std::size_t n, Backend backend, int repeats, bool equal_scalars, std::mt19937_64& rng) {
  const auto points = ec::random_points<Curve>(n, rng);
  const auto scalars = equal_scalars ? std::vector<ff::Fr>(n, ff::random_field_element<ff::Fr>(rng))
                                     : random_scalars(n, rng);
  msm::MsmOptions options;
  options.backend = backend;
  std::optional<ec::Affine<Curve>> first;
  return time_runs(repeats, [&] {
    const auto r = msm::msm(std::span(points), std::span(scalars), options);
    if (!r) {
      std::cerr << r.error() << "\n";
      return false;
    }
    if (!first) first = *r;
    if (*r != *first) {
      std::cerr << "msm: results differ between repeats\n";
      return false;
    }
    return true;
  });
}

}  // namespace
}  // namespace proofagg

int main(int argc, char** argv) {
  using namespace proofagg;
  CLI::App app{"proofagg-bench: NTT and MSM benchmarks (one JSON line per run)"};
  std::string op;
  int log_size = 16;
  std::string backend_name_arg = "auto";
  int repeats = 5;
  std::string scalars = "uniform";
  app.add_option("op", op, "ntt, msm-g1 or msm-g2")->required()->check(CLI::IsMember({"ntt", "msm-g1", "msm-g2"}));
  app.add_option("--log-size", log_size, "log2 of the size")->check(CLI::Range(0, 28));
  app.add_option("--backend", backend_name_arg, "cpu, cuda or auto")->check(CLI::IsMember({"cpu", "cuda", "auto"}));
  app.add_option("--repeats", repeats, "timed runs after one warm-up")->check(CLI::Range(1, 1000));
  app.add_option("--scalars", scalars, "MSM scalars: uniform, or equal (all in one bucket: the skewed case)")
      ->check(CLI::IsMember({"uniform", "equal"}));
  CLI11_PARSE(app, argc, argv);

  const Result<Backend> backend = resolve_backend(*parse_backend(backend_name_arg));
  if (!backend) {
    std::cerr << backend.error() << "\n";
    return 1;
  }
  std::mt19937_64 rng(2026);
  const std::size_t n = std::size_t{1} << log_size;
  Timing t{};
  if (op == "ntt") {
    t = bench_ntt(n, *backend, repeats, rng);
  } else if (op == "msm-g1") {
    t = bench_msm<ec::G1Curve>(n, *backend, repeats, scalars == "equal", rng);
  } else {
    t = bench_msm<ec::G2Curve>(n, *backend, repeats, scalars == "equal", rng);
  }
  nlohmann::json line = {
      {"op", op},
      {"log_size", log_size},
      {"size", n},
      {"backend", backend_name(*backend)},
      {"threads", *backend == Backend::kCpu ? max_threads() : 0},
      {"repeats", repeats},
      {"median_ms", t.median_ms},
      {"min_ms", t.min_ms},
      {"throughput_per_s", static_cast<double>(n) / (t.median_ms / 1000.0)},
  };
  if (op != "ntt") line["scalars"] = scalars;
  std::cout << line.dump() << std::endl;
  return 0;
}

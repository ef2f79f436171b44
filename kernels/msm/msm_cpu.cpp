#include "kernels/msm/msm_cpu.hpp"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "kernels/core/parallel.hpp"
#include "kernels/ff/batch_inverse.hpp"
#include "kernels/msm/digits.hpp"

namespace proofagg::msm::cpu {
namespace {

using ec::Affine;
using ec::Jacobian;
using ff::Fr;

// Below this many points, separate scalar multiplications beat any bucket setup.
constexpr std::size_t kNaiveThreshold = 32;
constexpr std::size_t kChains = 4;

// Costs in field multiplications, for the window model.
constexpr double kAffineAddCost = 6;
constexpr double kBucketReduceCost = 27;  // one mixed + one full Jacobian addition
constexpr double kInversionCost = 400;
constexpr double kOverflowCost = 5;  // a mixed Jacobian addition instead of a batched affine one

// Additions per batch inversion for m buckets: a batch of B amortises the inversion
// over B additions, but about B / 2m of the points then find their bucket already
// queued and take the dearer overflow path; B = sqrt(2 m inversion / overflow)
// balances the two.
std::size_t batch_size(std::size_t buckets) {
  const double best = std::sqrt(2.0 * static_cast<double>(buckets) * kInversionCost / kOverflowCost);
  return std::clamp<std::size_t>(std::bit_ceil(static_cast<std::size_t>(best)), 32, 2048);
}

int ceil_div(int a, int b) { return (a + b - 1) / b; }

struct TaskLayout {
  int windows;        // digit windows of the scalars
  int passes;         // bucket passes: ceil(windows / tables)
  int slices;         // point slices per pass, so that every thread has work
};

TaskLayout layout(int c, int tables, int threads) {
  TaskLayout t{};
  t.windows = window_count(c);
  t.passes = ceil_div(t.windows, tables);
  t.slices = t.passes >= threads ? 1 : ceil_div(threads, t.passes);
  return t;
}

ec::G1 scalar_multiple(const ec::G1& p, const ff::Limbs& k) { return ec::g1_mul(p, k); }
ec::G2 scalar_multiple(const ec::G2& p, const ff::Limbs& k) { return ec::g2_mul(p, k); }

// One pass's bucket sums, and their weighted sum, for one thread; the scratch
// buffers are reused from task to task.
//
// Points are read in order (streamed), and buckets, 2^(c-1) affine points that fit
// in a core's L2, take the random accesses. Additions into buckets are queued and
// run a batch at a time with one shared inversion; a point whose bucket already has
// a queued addition goes into that bucket's Jacobian overflow sum instead (a mixed
// addition), so skewed scalars (every point in one bucket) cost about twice a
// uniform input, not one inversion per point.
template <class Curve>
class BucketPass {
 public:
  using F = typename Curve::Field;
  using Point = Affine<Curve>;

  // sum over the selected entries of d * P, where entry (j, i) pairs point
  // points[j * n + i] with digit rows[j][i], for i in [begin, end).
  Jacobian<Curve> run(const Point* points, std::size_t n, std::span<const std::int32_t* const> rows,
                      std::size_t begin, std::size_t end, int c) {
    const std::size_t count = std::size_t{1} << (c - 1);
    buckets_.assign(count, Point::infinity());
    overflow_.assign(count, Jacobian<Curve>::infinity());
    queued_.assign(count, 0);
    batch_ = batch_size(count);
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const std::int32_t* row = rows[j];
      const Point* table = points + j * n;
      for (std::size_t i = begin; i < end; ++i) {
        const std::int32_t d = row[i];
        if (d == 0 || table[i].is_infinity()) continue;
        add(static_cast<std::uint32_t>(std::abs(d)) - 1, &table[i], d < 0);
      }
    }
    flush();
    return weighted_sum();
  }

 private:
  enum class Kind : std::uint8_t { kAdd, kDouble, kInfinity };
  struct Job {
    const Point* point;
    std::uint32_t bucket;
    bool negate;
  };

  static Point load(const Point* p, bool negate) { return negate ? -*p : *p; }

  void add(std::uint32_t b, const Point* p, bool negate) {
    if (queued_[b]) {
      overflow_[b] = overflow_[b].add_mixed(load(p, negate));
      return;
    }
    if (buckets_[b].is_infinity()) {
      buckets_[b] = load(p, negate);
      return;
    }
    queued_[b] = 1;
    jobs_.push_back({p, b, negate});
    if (jobs_.size() == batch_) flush();
  }

  // bucket += point for every queued job, with one inversion for the batch.
  void flush() {
    const std::size_t count = jobs_.size();
    kinds_.resize(count);
    denominators_.resize(count);
    prefix_.resize(count);
    // Independent product chains (job k in chain k % kChains) hide the multiplier's
    // latency; one inversion serves all of them.
    std::array<F, kChains> product;
    product.fill(F::one());
    for (std::size_t k = 0; k < count; ++k) {
      const Point& bucket = buckets_[jobs_[k].bucket];
      const Point p = load(jobs_[k].point, jobs_[k].negate);
      if (bucket.x != p.x) {
        kinds_[k] = Kind::kAdd;
        denominators_[k] = p.x - bucket.x;
      } else if (bucket.y == p.y) {  // y != 0: these groups have no point of order 2
        kinds_[k] = Kind::kDouble;
        denominators_[k] = p.y.dbl();
      } else {
        kinds_[k] = Kind::kInfinity;
        continue;
      }
      F& chain = product[k % kChains];
      prefix_[k] = chain;
      chain = chain * denominators_[k];
    }
    std::array<F, kChains> inverse = product;
    ff::batch_inverse(std::span<F>(inverse));
    for (std::size_t k = count; k-- > 0;) {
      if (kinds_[k] == Kind::kInfinity) continue;
      F& chain = inverse[k % kChains];
      const F inv_k = chain * prefix_[k];
      chain = chain * denominators_[k];
      denominators_[k] = inv_k;
    }
    for (std::size_t k = 0; k < count; ++k) {
      Point& bucket = buckets_[jobs_[k].bucket];
      queued_[jobs_[k].bucket] = 0;
      if (kinds_[k] == Kind::kInfinity) {
        bucket = Point::infinity();
        continue;
      }
      const Point p = load(jobs_[k].point, jobs_[k].negate);
      const F numerator = kinds_[k] == Kind::kAdd ? p.y - bucket.y : p.x.square() + p.x.square().dbl();
      const F lambda = numerator * denominators_[k];
      const F x3 = lambda.square() - bucket.x - p.x;
      bucket = {x3, lambda * (bucket.x - x3) - bucket.y};
    }
    jobs_.clear();
  }

  // sum_b (b + 1) S_b as a running sum from the top bucket down.
  Jacobian<Curve> weighted_sum() const {
    Jacobian<Curve> running = Jacobian<Curve>::infinity();
    Jacobian<Curve> total = Jacobian<Curve>::infinity();
    for (std::size_t b = buckets_.size(); b-- > 0;) {
      running = running.add_mixed(buckets_[b]);
      if (!overflow_[b].is_infinity()) running += overflow_[b];
      if (!running.is_infinity()) total += running;
    }
    return total;
  }

  std::vector<Point> buckets_;
  std::vector<Jacobian<Curve>> overflow_;
  std::vector<std::uint8_t> queued_;
  std::size_t batch_ = 0;
  std::vector<Job> jobs_;
  std::vector<Kind> kinds_;
  std::vector<F> denominators_, prefix_;
};

}  // namespace

int choose_window_bits(std::size_t n, int tables, int threads, std::size_t point_bytes) {
  // Buckets take the random accesses: keep them in one core's L2.
  const long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
  const std::size_t cache = l2 > 0 ? static_cast<std::size_t>(l2) : std::size_t{1} << 20;
  int best = kMinWindowBits;
  double best_cost = 0;
  for (int c = kMinWindowBits; c <= 22 && (std::size_t{1} << (c - 1)) * point_bytes <= cache; ++c) {
    const TaskLayout t = layout(c, tables, threads);
    const double points = static_cast<double>(n) * tables / t.slices;
    const double buckets = std::ldexp(1.0, c - 1);
    const double batch = static_cast<double>(batch_size(static_cast<std::size_t>(buckets)));
    const double per_point = kAffineAddCost + kInversionCost / batch + kOverflowCost * batch / (2 * buckets);
    const double task = points * per_point + buckets * kBucketReduceCost;
    const double cost = ceil_div(t.passes * t.slices, threads) * task;
    if (c == kMinWindowBits || cost < best_cost) {
      best = c;
      best_cost = cost;
    }
  }
  return best;
}

template <class Curve>
Jacobian<Curve> multiexp(std::span<const Affine<Curve>> points, int tables, std::span<const Fr> scalars,
                         int c) {
  const std::size_t n = scalars.size();
  if (n < kNaiveThreshold) {
    Jacobian<Curve> sum = Jacobian<Curve>::infinity();
    for (std::size_t i = 0; i < n; ++i) sum += scalar_multiple(Jacobian<Curve>::from_affine(points[i]), scalars[i].to_canonical());
    return sum;
  }
  const int threads = max_threads();
  const TaskLayout t = layout(c, tables, threads);

  // Window-major digits: row w holds every scalar's digit w.
  std::vector<std::int32_t> digits(static_cast<std::size_t>(t.windows) * n);
  parallel_for(n, 1 << 12, [&](std::size_t i) {
    signed_digits(scalars[i].to_canonical(), c, [&](int w, std::int32_t d) { digits[w * n + i] = d; });
  });

  const int tasks = t.passes * t.slices;
  std::vector<Jacobian<Curve>> partial(tasks);
#pragma omp parallel
  {
    BucketPass<Curve> pass;
    std::vector<const std::int32_t*> rows;
#pragma omp for schedule(dynamic, 1)
    for (int task = 0; task < tasks; ++task) {
      const int r = task / t.slices;
      const int s = task % t.slices;
      rows.clear();
      for (int j = 0; j < tables && j * t.passes + r < t.windows; ++j) {
        rows.push_back(&digits[static_cast<std::size_t>(j * t.passes + r) * n]);
      }
      partial[task] = pass.run(points.data(), n, rows, n * s / t.slices, n * (s + 1) / t.slices, c);
    }
  }

  Jacobian<Curve> result = Jacobian<Curve>::infinity();
  for (int r = t.passes; r-- > 0;) {
    for (int i = 0; i < c && !result.is_infinity(); ++i) result = result.dbl();
    for (int s = 0; s < t.slices; ++s) result += partial[r * t.slices + s];
  }
  return result;
}

template ec::G1 multiexp<ec::G1Curve>(std::span<const ec::G1Affine>, int, std::span<const Fr>, int);
template ec::G2 multiexp<ec::G2Curve>(std::span<const ec::G2Affine>, int, std::span<const Fr>, int);

}  // namespace proofagg::msm::cpu

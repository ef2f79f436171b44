#include "kernels/msm/msm_cpu.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "kernels/core/parallel.hpp"
#include "kernels/msm/digits.hpp"

namespace proofagg::msm::cpu {
namespace {

using ec::Affine;
using ec::Jacobian;
using ff::Fr;

// Below this many points, separate scalar multiplications beat any bucket setup.
constexpr std::size_t kNaiveThreshold = 32;
// Additions per batch inversion: large enough to amortise the inversion, small
// enough that operands read in the first pass are still in L1/L2 in the second.
constexpr std::size_t kBatch = 1024;

// Costs in field multiplications, for the window model.
constexpr double kAffineAddCost = 6;
constexpr double kBucketReduceCost = 27;  // one mixed + one full Jacobian addition
constexpr double kInversionCost = 400;

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
template <class Curve>
class BucketPass {
 public:
  using F = typename Curve::Field;
  using Point = Affine<Curve>;

  // sum over the selected entries of d * P, where entry (j, i) pairs point
  // points[j * n + i] with digit rows[j][i], for i in [begin, end).
  Jacobian<Curve> run(const Point* points, std::size_t n, std::span<const std::int32_t* const> rows,
                      std::size_t begin, std::size_t end, int c) {
    points_ = points;
    sort_into_buckets(n, rows, begin, end, c);
    accumulate_buckets();
    return weighted_sum();
  }

 private:
  enum class Kind : std::uint8_t { kCopy, kTrivial, kInfinity, kAdd, kDouble };
  struct Job {
    const Point* p;
    const Point* q;  // nullptr: copy p
    Point* dst;
    bool negate_p, negate_q;
  };

  // Counting sort of (point index, sign) by bucket |d| - 1; zero digits and points
  // at infinity contribute nothing and are dropped.
  void sort_into_buckets(std::size_t n, std::span<const std::int32_t* const> rows, std::size_t begin,
                         std::size_t end, int c) {
    const std::size_t buckets = std::size_t{1} << (c - 1);
    offsets_.assign(buckets + 1, 0);
    for (const std::int32_t* row : rows) {
      for (std::size_t i = begin; i < end; ++i) {
        if (row[i] != 0) ++offsets_[static_cast<std::size_t>(std::abs(row[i]))];
      }
    }
    for (std::size_t b = 1; b <= buckets; ++b) offsets_[b] += offsets_[b - 1];
    entries_.resize(offsets_[buckets]);
    lengths_.assign(buckets, 0);
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const std::int32_t* row = rows[j];
      for (std::size_t i = begin; i < end; ++i) {
        const std::int32_t d = row[i];
        if (d == 0) continue;
        const std::size_t b = static_cast<std::size_t>(std::abs(d)) - 1;
        entries_[offsets_[b] + lengths_[b]++] = static_cast<std::uint32_t>((j * n + i) << 1) | (d < 0 ? 1u : 0u);
      }
    }
    sums_.resize(entries_.size());
  }

  // Each bucket's points are summed in place by rounds of independent pairwise
  // additions (about log2 of the bucket's size rounds), so even a bucket holding
  // every point costs n - 1 batched additions.
  void accumulate_buckets() {
    const std::size_t buckets = lengths_.size();
    active_.clear();
    for (std::size_t b = 0; b < buckets; ++b) {
      const std::size_t len = lengths_[b];
      if (len == 0) continue;
      const std::uint32_t* e = &entries_[offsets_[b]];
      Point* region = &sums_[offsets_[b]];
      for (std::size_t i = 0; i + 1 < len; i += 2) {
        push({&points_[e[i] >> 1], &points_[e[i + 1] >> 1], region + i / 2, (e[i] & 1) != 0, (e[i + 1] & 1) != 0});
      }
      if (len % 2 == 1) push({&points_[e[len - 1] >> 1], nullptr, region + len / 2, (e[len - 1] & 1) != 0, false});
      lengths_[b] = (len + 1) / 2;
      if (lengths_[b] > 1) active_.push_back(b);
    }
    flush();
    while (!active_.empty()) {
      std::size_t still = 0;
      for (const std::size_t b : active_) {
        const std::size_t len = lengths_[b];
        Point* region = &sums_[offsets_[b]];
        for (std::size_t i = 0; i + 1 < len; i += 2) push({region + i, region + i + 1, region + i / 2, false, false});
        if (len % 2 == 1) push({region + len - 1, nullptr, region + len / 2, false, false});
        lengths_[b] = (len + 1) / 2;
        if (lengths_[b] > 1) active_[still++] = b;
      }
      active_.resize(still);
      flush();
    }
  }

  // Operands are gathered from random places (bucket order is not point order), so
  // they are prefetched now and are in cache when the batch runs, kBatch jobs later.
  void push(const Job& job) {
    prefetch(job.p);
    if (job.q != nullptr) prefetch(job.q);
    jobs_.push_back(job);
    if (jobs_.size() == kBatch) flush();
  }

  static void prefetch(const Point* p) {
    const char* bytes = reinterpret_cast<const char*>(p);
    for (std::size_t offset = 0; offset < sizeof(Point); offset += 64) __builtin_prefetch(bytes + offset);
    __builtin_prefetch(bytes + sizeof(Point) - 1);
  }

  static Point load(const Point* p, bool negate) { return negate ? -*p : *p; }

  // Runs the queued jobs in order: each reads its operands before writing its
  // destination, and no later job reads a slot an earlier one writes.
  void flush() {
    const std::size_t count = jobs_.size();
    kinds_.resize(count);
    denominators_.resize(count);
    prefix_.resize(count);
    F product = F::one();
    for (std::size_t k = 0; k < count; ++k) {
      const Job& job = jobs_[k];
      if (job.q == nullptr) {
        kinds_[k] = Kind::kCopy;
        continue;
      }
      const Point p = load(job.p, job.negate_p);
      const Point q = load(job.q, job.negate_q);
      if (p.is_infinity() || q.is_infinity()) {
        kinds_[k] = Kind::kTrivial;
        continue;
      }
      if (p.x != q.x) {
        kinds_[k] = Kind::kAdd;
        denominators_[k] = q.x - p.x;
      } else if (p.y == q.y) {  // y != 0: these groups have no point of order 2
        kinds_[k] = Kind::kDouble;
        denominators_[k] = p.y.dbl();
      } else {
        kinds_[k] = Kind::kInfinity;
        continue;
      }
      prefix_[k] = product;
      product = product * denominators_[k];
    }
    F inverse = product.inverse();
    for (std::size_t k = count; k-- > 0;) {
      if (kinds_[k] != Kind::kAdd && kinds_[k] != Kind::kDouble) continue;
      const F inv_k = inverse * prefix_[k];
      inverse = inverse * denominators_[k];
      denominators_[k] = inv_k;
    }
    for (std::size_t k = 0; k < count; ++k) {
      const Job& job = jobs_[k];
      const Point p = load(job.p, job.negate_p);
      switch (kinds_[k]) {
        case Kind::kCopy: *job.dst = p; break;
        case Kind::kTrivial: *job.dst = p.is_infinity() ? load(job.q, job.negate_q) : p; break;
        case Kind::kInfinity: *job.dst = Point::infinity(); break;
        case Kind::kAdd:
        case Kind::kDouble: {
          const Point q = load(job.q, job.negate_q);
          const F numerator = kinds_[k] == Kind::kAdd ? q.y - p.y : p.x.square() + p.x.square().dbl();
          const F lambda = numerator * denominators_[k];
          const F x3 = lambda.square() - p.x - q.x;
          *job.dst = {x3, lambda * (p.x - x3) - p.y};
          break;
        }
      }
    }
    jobs_.clear();
  }

  // sum_b (b + 1) S_b as a running sum from the top bucket down.
  Jacobian<Curve> weighted_sum() const {
    Jacobian<Curve> running = Jacobian<Curve>::infinity();
    Jacobian<Curve> total = Jacobian<Curve>::infinity();
    for (std::size_t b = lengths_.size(); b-- > 0;) {
      if (lengths_[b] != 0) running = running.add_mixed(sums_[offsets_[b]]);
      if (!running.is_infinity()) total += running;
    }
    return total;
  }

  const Point* points_ = nullptr;
  std::vector<std::size_t> offsets_;
  std::vector<std::size_t> lengths_;
  std::vector<std::uint32_t> entries_;
  std::vector<Point> sums_;
  std::vector<std::size_t> active_;
  std::vector<Job> jobs_;
  std::vector<Kind> kinds_;
  std::vector<F> denominators_, prefix_;
};

}  // namespace

int choose_window_bits(std::size_t n, int tables, int threads) {
  int best = kMinWindowBits;
  double best_cost = 0;
  for (int c = kMinWindowBits; c <= 22; ++c) {
    const TaskLayout t = layout(c, tables, threads);
    const double points = static_cast<double>(n) * tables / t.slices;
    const double buckets = std::ldexp(1.0, c - 1);
    const double rounds = std::max(1.0, std::log2(std::max(2.0, points / buckets)) + 1);
    const double inversions = rounds + points / 2 / kBatch;
    const double task = points * kAffineAddCost + buckets * kBucketReduceCost + inversions * kInversionCost;
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

#include "aggregator/circuit/lookup.hpp"

#include <limits>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"
#include "kernels/ff/batch_inverse.hpp"

namespace proofagg::circuit {
namespace {

Fr power_of_two(std::size_t k) {
  ff::Limbs limbs{};
  limbs.v[k / 64] = std::uint64_t{1} << (k % 64);
  return Fr::from_canonical(limbs);
}

// Lookups for one value of `bits` bits in c-bit chunks (a narrow top chunk twice).
std::size_t queries_for(std::size_t bits, std::size_t c) { return (bits + c - 1) / c + (bits % c != 0 ? 1 : 0); }

std::uint64_t low_bits(const Fr& v, std::size_t from, std::size_t count) {
  const ff::Limbs limbs = v.to_canonical();
  std::uint64_t out = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t bit = from + i;
    out |= ((limbs.v[bit / 64] >> (bit % 64)) & 1) << i;
  }
  return out;
}

}  // namespace

void RangeLookup::add(const LC& x, std::size_t bits) {
  if (bits == 0 || bits > kMaxRangeBits) throw std::invalid_argument("range check: 1 to 253 bits");
  requests_.push_back({x, bits});
}

void RangeLookup::add_chunks(std::span<const Variable> chunks, std::size_t bits) {
  const auto c = static_cast<std::size_t>(chunk_bits_);
  if (!fixed_chunk_bits_) throw std::logic_error("range check by chunks: needs a fixed chunk width");
  if (bits == 0 || bits > kMaxRangeBits || chunks.size() != (bits + c - 1) / c) {
    throw std::invalid_argument("range check by chunks: one chunk per c bits");
  }
  for (const Variable chunk : chunks) queries_.emplace_back(chunk);
  add_top_query(chunks.back(), bits);
}

void RangeLookup::add_top_query(const LC& top_chunk, std::size_t bits) {
  const auto c = static_cast<std::size_t>(chunk_bits_);
  if (const std::size_t top = bits % c; top != 0) queries_.push_back(top_chunk * power_of_two(c - top));
}

void RangeLookup::set_chunk_bits(int bits) {
  if (!requests_.empty() || !queries_.empty()) throw std::logic_error("lookup chunks: fixed before any range check");
  if (bits < 2 || bits > kMaxChunkBits) throw std::invalid_argument("lookup chunks: 2 to 16 bits");
  chunk_bits_ = bits;
  fixed_chunk_bits_ = true;
}

void RangeLookup::decompose() {
  if (!used()) return;
  // Constraints as a function of c: lookups, recompositions, table.
  std::size_t best = std::numeric_limits<std::size_t>::max();
  for (int c = 2; c <= kMaxChunkBits && !fixed_chunk_bits_; ++c) {
    std::size_t cost = std::size_t{2} << c;  // a row: its term and its multiplicity
    for (const Request& r : requests_) cost += queries_for(r.bits, c) + (r.bits > static_cast<std::size_t>(c) ? 1 : 0);
    if (cost < best) best = cost, chunk_bits_ = c;
  }
  const auto c = static_cast<std::size_t>(chunk_bits_);
  for (const Request& r : requests_) {
    std::vector<LC> chunks;
    if (r.bits <= c) {
      chunks.push_back(r.x);
    } else {
      const std::size_t count = (r.bits + c - 1) / c;
      const std::vector<LC> inputs{r.x};
      const auto words = b_.hint(count, inputs, [&](std::span<const Fr> in) {
        std::vector<Fr> out;
        for (std::size_t i = 0; i < count; ++i) out.push_back(Fr::from_u64(low_bits(in[0], i * c, c)));
        return out;
      });
      LC sum;
      for (std::size_t i = 0; i < count; ++i) sum += LC(words[i]) * power_of_two(i * c);
      b_.constrain(sum, LC::constant(1), r.x, "range lookup: chunks recompose the value");
      for (const Variable w : words) chunks.emplace_back(w);
    }
    queries_.insert(queries_.end(), chunks.begin(), chunks.end());
    add_top_query(chunks.back(), r.bits);
  }
  const std::size_t rows = table_rows();
  multiplicities_ = b_.hint(rows, queries_, [rows](std::span<const Fr> in) {
    std::vector<std::uint64_t> counts(rows, 0);
    for (const Fr& f : in) {
      const ff::Limbs v = f.to_canonical();
      if (v.v[1] == 0 && v.v[2] == 0 && v.v[3] == 0 && v.v[0] < rows) ++counts[v.v[0]];
    }
    std::vector<Fr> out;
    for (const std::uint64_t n : counts) out.push_back(Fr::from_u64(n));
    return out;
  });
}

void RangeLookup::prove() {
  if (!used()) return;
  const LC t = b_.challenge();
  // 1 / (t - f) for a query, m / (t - j) for a row: hinted (one batch inversion), then
  // each pinned down by one constraint (t - f = 0 happens with probability below
  // 2^-200). The hint reads the queries, the multiplicities and t.
  const std::size_t queries = queries_.size(), rows = multiplicities_.size(), n = queries + rows;
  std::vector<LC> inputs = std::move(queries_);
  for (const Variable m : multiplicities_) inputs.emplace_back(m);
  inputs.push_back(t);
  const auto quotients = b_.hint(n, inputs, [queries, n](std::span<const Fr> in) {
    const Fr& t_value = in[n];
    std::vector<Fr> denominators(n);
    for (std::size_t i = 0; i < n; ++i) {
      denominators[i] = t_value - (i < queries ? in[i] : Fr::from_u64(i - queries));
    }
    ff::batch_inverse<Fr>(denominators);
    for (std::size_t i = queries; i < n; ++i) denominators[i] = denominators[i] * in[i];
    return denominators;
  });
  LC difference;
  difference.reserve(n);
  const LC one = LC::constant(1);
  const Fr minus_one = -Fr::one();
  for (std::size_t i = 0; i < n; ++i) {
    if (i < queries) {
      b_.constrain(quotients[i], t - inputs[i], one, "range lookup: 1 / (t - f)");
      difference.add_term(quotients[i], Fr::one());
    } else {
      b_.constrain(quotients[i], t - LC::constant(i - queries), inputs[i], "range lookup: m / (t - j)");
      difference.add_term(quotients[i], minus_one);
    }
  }
  b_.constrain(difference, LC::constant(1), LC(), "range lookup: the sums agree");
  inputs.resize(queries);
  queries_ = std::move(inputs);
}

}  // namespace proofagg::circuit

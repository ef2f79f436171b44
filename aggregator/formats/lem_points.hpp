// Curve points as iden3's binary files store them: little-endian Montgomery
// coordinates (x, y), G2 as (x.c0, x.c1, y.c0, y.c1); all zeros is infinity.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "aggregator/formats/binfile.hpp"
#include "kernels/core/parallel.hpp"
#include "kernels/core/result.hpp"
#include "kernels/ec/bn254.hpp"

namespace proofagg::formats {

inline constexpr std::size_t kLemG1Bytes = 64;
inline constexpr std::size_t kLemG2Bytes = 128;

// Canonical coordinates and the curve equation.
Result<ec::G1Affine> decode_lem_g1(std::span<const std::uint8_t> bytes);
// Canonical coordinates and the twist equation; the subgroup check is left to the
// caller, who can run many in parallel.
Result<ec::G2Affine> decode_lem_g2_on_curve(std::span<const std::uint8_t> bytes);

// Decodes bytes.size() / point_bytes consecutive points on every core; the error of
// the first bad point reads "[index]: reason".
template <class Point, class Decode>
Result<std::vector<Point>> decode_lem_points(std::span<const std::uint8_t> bytes, std::size_t point_bytes, Decode decode) {
  const std::size_t count = bytes.size() / point_bytes;
  std::vector<Point> out(count);
  std::atomic<std::size_t> first_bad{count};
  parallel_for(count, 256, [&](std::size_t i) {
    auto p = decode(bytes.subspan(i * point_bytes, point_bytes));
    if (p) {
      out[i] = *p;
      return;
    }
    for (std::size_t seen = first_bad.load(); i < seen && !first_bad.compare_exchange_weak(seen, i);) {}
  });
  if (const std::size_t bad = first_bad.load(); bad != count) {
    std::string where = "[";  // appended piecewise: GCC 12 warns falsely (-Wrestrict) on "[" + string
    where += std::to_string(bad);
    where += "]: ";
    return make_error(where + decode(bytes.subspan(bad * point_bytes, point_bytes)).error());
  }
  return out;
}

void write_lem_g1(Writer& w, const ec::G1Affine& p);
void write_lem_g2(Writer& w, const ec::G2Affine& q);

}  // namespace proofagg::formats

#include "aggregator/groth16/ptau.hpp"

#include <atomic>
#include <bit>
#include <random>
#include <string>

#include "aggregator/formats/lem_points.hpp"
#include "aggregator/groth16/lagrange.hpp"
#include "aggregator/groth16/randomness.hpp"
#include "kernels/ec/fixed_base.hpp"
#include "kernels/core/parallel.hpp"

namespace proofagg::groth16 {
namespace {

template <class Point, class Decode>
Result<std::vector<Point>> decode_range(const formats::BinFile& file, std::uint32_t section, std::size_t first,
                                        std::size_t count, std::size_t point_bytes, Decode decode) {
  const auto bytes = file.section(section);
  if (!bytes) return bytes.failure();
  if ((first + count) * point_bytes > bytes->size()) {
    return make_error("ptau section " + std::to_string(section) + " is too short for this domain");
  }
  auto points = formats::decode_lem_points<Point>(bytes->subspan(first * point_bytes, count * point_bytes), point_bytes, decode);
  if (!points) return make_error("ptau section " + std::to_string(section) + " (from point " + std::to_string(first) + ") " + points.error());
  return points;
}

Result<std::vector<ec::G2Affine>> decode_g2_range(const formats::BinFile& file, std::uint32_t section, std::size_t first,
                                                  std::size_t count) {
  auto points = decode_range<ec::G2Affine>(file, section, first, count, formats::kLemG2Bytes, formats::decode_lem_g2_on_curve);
  if (!points) return points;
  std::atomic<bool> outside{false};
  parallel_for(points->size(), 16, [&](std::size_t i) {
    if (!ec::g2_in_subgroup((*points)[i])) outside = true;
  });
  if (outside) return make_error("ptau section " + std::to_string(section) + ": G2 point is not in the prime-order subgroup");
  return points;
}

Status check_domain(std::size_t m, std::uint32_t max_log) {
  if (!std::has_single_bit(m) || std::countr_zero(m) > static_cast<int>(max_log)) {
    return make_error("ptau: no Lagrange basis of size " + std::to_string(m) + " (the file goes up to 2^" +
                      std::to_string(max_log) + ")");
  }
  return {};
}

}  // namespace

Result<PowersOfTau> PowersOfTau::parse(std::span<const std::uint8_t> bytes) {
  auto file = formats::BinFile::parse(bytes, "ptau", 1, "ptau");
  if (!file) return file.failure();
  PowersOfTau p(std::move(*file));
  const auto header = p.file_.section(1);
  if (!header) return header.failure();
  formats::Reader h(*header, "ptau header");
  if (Status s = h.expect_field(ff::FqParams::modulus(), "base field"); !s) return s.failure();
  const auto power = h.u32();
  if (!power) return power.failure();
  const auto ceremony_power = h.u32();
  if (!ceremony_power) return ceremony_power.failure();
  if (Status s = h.expect_end(); !s) return s.failure();
  if (*power == 0 || *power >= static_cast<std::uint32_t>(ff::FrParams::two_adicity)) {
    return make_error("ptau header: power " + std::to_string(*power) + " out of range");
  }
  p.power_ = *power;
  for (const std::uint32_t s : {12u, 13u, 14u, 15u}) {
    if (!p.file_.section(s)) return make_error("ptau: not prepared for phase 2 (no section " + std::to_string(s) + ")");
  }
  return p;
}

Result<ec::G1Affine> PowersOfTau::alpha_g1() const {
  auto v = decode_range<ec::G1Affine>(file_, 4, 0, 1, formats::kLemG1Bytes, formats::decode_lem_g1);
  if (!v) return v.failure();
  return v->front();
}

Result<ec::G1Affine> PowersOfTau::beta_g1() const {
  auto v = decode_range<ec::G1Affine>(file_, 5, 0, 1, formats::kLemG1Bytes, formats::decode_lem_g1);
  if (!v) return v.failure();
  return v->front();
}

Result<ec::G2Affine> PowersOfTau::beta_g2() const {
  auto v = decode_g2_range(file_, 6, 0, 1);
  if (!v) return v.failure();
  return v->front();
}

// Section s holds the bases for sizes 1, 2, 4, ...: size m starts at point m - 1.
Result<std::vector<ec::G1Affine>> PowersOfTau::lagrange_g1(std::size_t m) const {
  if (Status s = check_domain(m, power_ + 1); !s) return s.failure();
  return decode_range<ec::G1Affine>(file_, 12, m - 1, m, formats::kLemG1Bytes, formats::decode_lem_g1);
}

Result<std::vector<ec::G2Affine>> PowersOfTau::lagrange_g2(std::size_t m) const {
  if (Status s = check_domain(m, power_); !s) return s.failure();
  return decode_g2_range(file_, 13, m - 1, m);
}

Result<std::vector<ec::G1Affine>> PowersOfTau::alpha_lagrange_g1(std::size_t m) const {
  if (Status s = check_domain(m, power_); !s) return s.failure();
  return decode_range<ec::G1Affine>(file_, 14, m - 1, m, formats::kLemG1Bytes, formats::decode_lem_g1);
}

Result<std::vector<ec::G1Affine>> PowersOfTau::beta_lagrange_g1(std::size_t m) const {
  if (Status s = check_domain(m, power_); !s) return s.failure();
  return decode_range<ec::G1Affine>(file_, 15, m - 1, m, formats::kLemG1Bytes, formats::decode_lem_g1);
}

std::vector<std::uint8_t> write_development_ptau(std::uint32_t power) {
  using ff::Fr;
  std::random_device source;
  Fr tau = random_nonzero_scalar(source);
  while (tau.pow(ff::Limbs{{std::uint64_t{2} << power, 0, 0, 0}}) == Fr::one()) tau = random_nonzero_scalar(source);
  const Fr alpha = random_nonzero_scalar(source), beta = random_nonzero_scalar(source);
  const ec::FixedBaseTable<ec::G1Curve> g1(ec::g1_generator());
  const ec::FixedBaseTable<ec::G2Curve> g2(ec::g2_generator());
  const auto powers = [&](const Fr& factor, std::size_t count) {
    std::vector<Fr> out(count);
    Fr x = factor;
    for (Fr& v : out) {
      v = x;
      x = x * tau;
    }
    return out;
  };
  const std::size_t n = std::size_t{1} << power;
  formats::Writer w("ptau", 1, 11);
  w.begin_section(1);
  w.u32(32);
  w.limbs(ff::FqParams::modulus());
  w.u32(power);
  w.u32(power);
  w.end_section();
  const auto g1_section = [&](std::uint32_t type, const std::vector<Fr>& scalars) {
    w.begin_section(type);
    for (const auto& p : g1.multiples(scalars)) formats::write_lem_g1(w, p);
    w.end_section();
  };
  const auto g2_section = [&](std::uint32_t type, const std::vector<Fr>& scalars) {
    w.begin_section(type);
    for (const auto& q : g2.multiples(scalars)) formats::write_lem_g2(w, q);
    w.end_section();
  };
  g1_section(2, powers(Fr::one(), 2 * n - 1));
  g2_section(3, powers(Fr::one(), n));
  g1_section(4, powers(alpha, n));
  g1_section(5, powers(beta, n));
  g2_section(6, {beta});
  w.begin_section(7);
  w.u32(0);  // no contribution transcript: this file is not from a ceremony
  w.end_section();
  // Sections 12-15: the Lagrange bases of every domain 1, 2, 4, ... one after another.
  const auto all_lagrange = [&](std::size_t max_size, const Fr& factor) {
    std::vector<Fr> out;
    for (std::size_t m = 1; m <= max_size; m *= 2) {
      for (const Fr& l : lagrange_at(tau, m, 0, 1, m)) out.push_back(l * factor);
    }
    return out;
  };
  g1_section(12, all_lagrange(2 * n, Fr::one()));
  g2_section(13, all_lagrange(n, Fr::one()));
  g1_section(14, all_lagrange(n, alpha));
  g1_section(15, all_lagrange(n, beta));
  return w.finish();
}

}  // namespace proofagg::groth16

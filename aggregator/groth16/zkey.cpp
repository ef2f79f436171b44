#include "aggregator/groth16/zkey.hpp"

#include <atomic>
#include <bit>
#include <string>

#include "aggregator/formats/binfile.hpp"
#include "aggregator/formats/lem_points.hpp"
#include "aggregator/groth16/commitment.hpp"
#include "kernels/core/parallel.hpp"

namespace proofagg::groth16 {
namespace {

using formats::BinFile;
using formats::Reader;
using ff::Fq;
using ff::Fr;

constexpr std::uint32_t kGroth16 = 1;

// The next point_bytes of the header, decoded; errors name the field.
template <class Point>
Result<Point> read_point(Reader& r, const std::string& name, std::size_t point_bytes,
                         Result<Point> (*decode)(std::span<const std::uint8_t>)) {
  const auto bytes = r.take(point_bytes);
  if (!bytes) return bytes.failure();
  auto p = decode(*bytes);
  if (!p) return make_error(r.what() + ": " + name + ": " + p.error());
  return p;
}

Result<ec::G1Affine> g1(Reader& r, const std::string& name) {
  return read_point<ec::G1Affine>(r, name, formats::kLemG1Bytes, formats::decode_lem_g1);
}

Result<ec::G2Affine> g2(Reader& r, const std::string& name) {
  const auto q = read_point<ec::G2Affine>(r, name, formats::kLemG2Bytes, formats::decode_lem_g2_on_curve);
  if (!q) return q;
  if (!ec::g2_in_subgroup(*q)) return make_error(r.what() + ": " + name + ": G2 point is not in the prime-order subgroup");
  return q;
}

template <class Point, class Decode>
Result<std::vector<Point>> point_section(const BinFile& f, std::uint32_t type, std::size_t count, std::size_t point_bytes,
                                         const std::string& name, Decode decode) {
  const auto bytes = f.section(type);
  if (!bytes) return bytes.failure();
  if (bytes->size() != count * point_bytes) {
    return make_error("zkey " + name + " section: " + std::to_string(bytes->size()) + " bytes for " +
                      std::to_string(count) + " points");
  }
  auto points = formats::decode_lem_points<Point>(*bytes, point_bytes, decode);
  if (!points) return make_error("zkey " + name + ": " + name + points.error());
  return points;
}

// The commitment section: u32 first and end wire, the two verifying G2 points, then
// the basis and the sigma basis (one G1 point per committed wire each).
Result<CommitmentKey> read_commitment_key(const BinFile& file) {
  const auto bytes = file.section(kCommitmentSection);
  if (!bytes) return bytes.failure();
  Reader r(*bytes, "zkey commitment section");
  CommitmentKey key;
  for (std::uint32_t* bound : {&key.wires.begin, &key.wires.end}) {
    const auto v = r.u32();
    if (!v) return v.failure();
    *bound = *v;
  }
  if (key.wires.end < key.wires.begin) return make_error("zkey commitment section: the wire range is reversed");
  auto g = g2(r, "g");
  if (!g) return g.failure();
  auto g_sigma_neg = g2(r, "g_sigma_neg");
  if (!g_sigma_neg) return g_sigma_neg.failure();
  key.verifying = {*g, *g_sigma_neg};
  const std::size_t count = key.wires.size();
  if (r.remaining() != 2 * count * formats::kLemG1Bytes) {
    return make_error("zkey commitment section: " + std::to_string(r.remaining()) + " bytes for 2 x " +
                      std::to_string(count) + " points");
  }
  for (auto* points : {&key.basis, &key.sigma_basis}) {
    const auto taken = r.take(count * formats::kLemG1Bytes);
    auto decoded = formats::decode_lem_points<ec::G1Affine>(*taken, formats::kLemG1Bytes, formats::decode_lem_g1);
    if (!decoded) return make_error("zkey commitment section: " + decoded.error());
    *points = std::move(*decoded);
  }
  return key;
}

// Fr stores x R; the file stores x R^2: one Montgomery reduction apart.
const Fr kMontgomeryOne = Fr::from_raw({{1, 0, 0, 0}});  // the element R^-1

}  // namespace

Result<ProvingKey> read_zkey(std::span<const std::uint8_t> bytes, ZkeyChecks checks) {
  const Result<BinFile> file = BinFile::parse(bytes, "zkey", 1, "zkey");
  if (!file) return file.failure();
  const auto s1 = file->section(1);
  if (!s1) return s1.failure();
  Reader protocol(*s1, "zkey protocol section");
  const auto id = protocol.u32();
  if (!id) return id.failure();
  if (*id != kGroth16) return make_error("zkey: protocol " + std::to_string(*id) + " is not Groth16 (1)");

  const auto s2 = file->section(2);
  if (!s2) return s2.failure();
  Reader h(*s2, "zkey header");
  ProvingKey pk;
  if (Status s = h.expect_field(ff::FqParams::modulus(), "base field"); !s) return s.failure();
  if (Status s = h.expect_field(ff::FrParams::modulus(), "scalar field order"); !s) return s.failure();
  for (std::uint32_t* field : {&pk.n_vars, &pk.n_public, &pk.domain_size}) {
    const auto v = h.u32();
    if (!v) return v.failure();
    *field = *v;
  }
  if (!std::has_single_bit(pk.domain_size) || std::countr_zero(pk.domain_size) > ff::FrParams::two_adicity) {
    return make_error("zkey header: domain size " + std::to_string(pk.domain_size) + " is not a power of two <= 2^28");
  }
  if (pk.n_public >= pk.n_vars) return make_error("zkey header: nPublic must be less than nVars");
  {
    auto alpha = g1(h, "alpha");
    if (!alpha) return alpha.failure();
    auto beta1 = g1(h, "beta1");
    if (!beta1) return beta1.failure();
    auto beta2 = g2(h, "beta2");
    if (!beta2) return beta2.failure();
    auto gamma2 = g2(h, "gamma2");
    if (!gamma2) return gamma2.failure();
    auto delta1 = g1(h, "delta1");
    if (!delta1) return delta1.failure();
    auto delta2 = g2(h, "delta2");
    if (!delta2) return delta2.failure();
    pk.alpha = *alpha;
    pk.beta1 = *beta1;
    pk.beta2 = *beta2;
    pk.gamma2 = *gamma2;
    pk.delta1 = *delta1;
    pk.delta2 = *delta2;
    if (Status s = h.expect_end(); !s) return s.failure();
  }

  auto ic = point_section<ec::G1Affine>(*file, 3, pk.n_public + 1, formats::kLemG1Bytes, "IC", formats::decode_lem_g1);
  if (!ic) return ic.failure();
  pk.ic = std::move(*ic);

  const auto s4 = file->section(4);
  if (!s4) return s4.failure();
  Reader coefs(*s4, "zkey coefficients");
  const auto count = coefs.u32();
  if (!count) return count.failure();
  if (coefs.remaining() != std::size_t{*count} * (12 + 32)) {
    return make_error("zkey coefficients: " + std::to_string(coefs.remaining()) + " bytes for " +
                      std::to_string(*count) + " entries");
  }
  pk.coefficients.resize(*count);
  for (std::uint32_t i = 0; i < *count; ++i) {
    QapCoefficient& c = pk.coefficients[i];
    c.matrix = *coefs.u32();
    c.constraint = *coefs.u32();
    c.signal = *coefs.u32();
    const auto value = coefs.canonical(ff::FrParams::modulus(), "coefficient " + std::to_string(i));
    if (!value) return value.failure();
    c.value = Fr::from_raw(*value) * kMontgomeryOne;
    if (c.matrix > 1 || c.constraint >= pk.domain_size || c.signal >= pk.n_vars) {
      return make_error("zkey coefficients: entry " + std::to_string(i) + " has an index out of range");
    }
  }

  auto a = point_section<ec::G1Affine>(*file, 5, pk.n_vars, formats::kLemG1Bytes, "A", formats::decode_lem_g1);
  if (!a) return a.failure();
  auto b1 = point_section<ec::G1Affine>(*file, 6, pk.n_vars, formats::kLemG1Bytes, "B1", formats::decode_lem_g1);
  if (!b1) return b1.failure();
  auto b2 = point_section<ec::G2Affine>(*file, 7, pk.n_vars, formats::kLemG2Bytes, "B2", formats::decode_lem_g2_on_curve);
  if (!b2) return b2.failure();
  auto c = point_section<ec::G1Affine>(*file, 8, pk.n_vars - pk.n_public - 1, formats::kLemG1Bytes, "C", formats::decode_lem_g1);
  if (!c) return c.failure();
  auto hp = point_section<ec::G1Affine>(*file, 9, pk.domain_size, formats::kLemG1Bytes, "H", formats::decode_lem_g1);
  if (!hp) return hp.failure();
  std::atomic<std::size_t> outside{b2->size()};
  if (checks == ZkeyChecks::kEveryPoint) parallel_for(b2->size(), 64, [&](std::size_t i) {
    if (!ec::g2_in_subgroup((*b2)[i])) {
      std::size_t expected = outside.load();
      while (i < expected && !outside.compare_exchange_weak(expected, i)) {}
    }
  });
  if (outside.load() != b2->size()) {
    return make_error("zkey B2: B2[" + std::to_string(outside.load()) + "]: G2 point is not in the prime-order subgroup");
  }
  pk.a = std::move(*a);
  pk.b1 = std::move(*b1);
  pk.b2 = std::move(*b2);
  pk.c = std::move(*c);
  pk.h = std::move(*hp);
  if (file->has_section(kCommitmentSection)) {
    auto commitment = read_commitment_key(*file);
    if (!commitment) return commitment.failure();
    pk.commitment = std::move(*commitment);
    if (Status s = check_commitment_key(pk); !s) return s.failure().prefixed("zkey ");
  }
  return pk;
}

std::vector<std::uint8_t> write_zkey(const ProvingKey& pk) {
  formats::Writer w("zkey", 1, pk.commitment ? 10 : 9);
  w.begin_section(1);
  w.u32(kGroth16);
  w.end_section();
  w.begin_section(2);
  w.u32(32);
  w.limbs(ff::FqParams::modulus());
  w.u32(32);
  w.limbs(ff::FrParams::modulus());
  w.u32(pk.n_vars);
  w.u32(pk.n_public);
  w.u32(pk.domain_size);
  formats::write_lem_g1(w, pk.alpha);
  formats::write_lem_g1(w, pk.beta1);
  formats::write_lem_g2(w, pk.beta2);
  formats::write_lem_g2(w, pk.gamma2);
  formats::write_lem_g1(w, pk.delta1);
  formats::write_lem_g2(w, pk.delta2);
  w.end_section();
  const auto g1_section = [&](std::uint32_t type, const std::vector<ec::G1Affine>& points) {
    w.begin_section(type);
    for (const auto& p : points) formats::write_lem_g1(w, p);
    w.end_section();
  };
  g1_section(3, pk.ic);
  w.begin_section(4);
  w.u32(static_cast<std::uint32_t>(pk.coefficients.size()));
  const Fr r = Fr::from_raw(ff::FrParams::r2());  // the element R: x R times R gives x R^2
  for (const QapCoefficient& c : pk.coefficients) {
    w.u32(c.matrix);
    w.u32(c.constraint);
    w.u32(c.signal);
    w.limbs((c.value * r).l);
  }
  w.end_section();
  g1_section(5, pk.a);
  g1_section(6, pk.b1);
  w.begin_section(7);
  for (const auto& q : pk.b2) formats::write_lem_g2(w, q);
  w.end_section();
  g1_section(8, pk.c);
  g1_section(9, pk.h);
  if (pk.commitment) {
    const CommitmentKey& k = *pk.commitment;
    w.begin_section(kCommitmentSection);
    w.u32(k.wires.begin);
    w.u32(k.wires.end);
    formats::write_lem_g2(w, k.verifying.g);
    formats::write_lem_g2(w, k.verifying.g_sigma_neg);
    for (const auto& p : k.basis) formats::write_lem_g1(w, p);
    for (const auto& p : k.sigma_basis) formats::write_lem_g1(w, p);
    w.end_section();
  }
  return w.finish();
}

}  // namespace proofagg::groth16

#include "aggregator/evm/precompile.hpp"

#include <algorithm>
#include <string>

#include "aggregator/curve_checks.hpp"
#include "kernels/ff/codec.hpp"
#include "kernels/pairing/multi_pairing.hpp"

namespace proofagg::evm {
namespace {

using ff::Fq;
using ff::Fq2;

std::span<const std::uint8_t, kWordBytes> word(std::span<const std::uint8_t> bytes, std::size_t i) {
  return bytes.subspan(i * kWordBytes).first<kWordBytes>();
}

void put_word(std::span<std::uint8_t> out, std::size_t i, const Fq& x) {
  const ff::FieldBytes b = ff::field_to_be_bytes(x);
  std::copy(b.begin(), b.end(), out.begin() + static_cast<std::ptrdiff_t>(i * kWordBytes));
}

// EIP-196: short input is right-padded with zeros, extra input ignored.
template <std::size_t N>
std::array<std::uint8_t, N> padded(std::span<const std::uint8_t> input) {
  std::array<std::uint8_t, N> out{};
  std::copy_n(input.begin(), std::min(N, input.size()), out.begin());
  return out;
}

std::string labelled(std::string_view label, const std::string& message) {
  return std::string(label) + ": " + message;
}

}  // namespace

Result<ec::G1Affine> decode_g1(std::span<const std::uint8_t, kG1Bytes> bytes) {
  Result<Fq> x = ff::field_from_be_bytes<Fq>(word(bytes, 0), "G1 x coordinate");
  if (!x) return make_error(x.error());
  Result<Fq> y = ff::field_from_be_bytes<Fq>(word(bytes, 1), "G1 y coordinate");
  if (!y) return make_error(y.error());
  return checked_g1(*x, *y);
}

G1Bytes encode_g1(const ec::G1Affine& p) {
  G1Bytes out{};
  put_word(out, 0, p.x);
  put_word(out, 1, p.y);
  return out;
}

Result<ec::G2Affine> decode_g2(std::span<const std::uint8_t, kG2Bytes> bytes) {
  static constexpr const char* kNames[] = {"G2 x imaginary part", "G2 x real part",
                                           "G2 y imaginary part", "G2 y real part"};
  Fq c[4];
  for (std::size_t i = 0; i < 4; ++i) {
    Result<Fq> v = ff::field_from_be_bytes<Fq>(word(bytes, i), kNames[i]);
    if (!v) return make_error(v.error());
    c[i] = *v;
  }
  return checked_g2(Fq2{c[1], c[0]}, Fq2{c[3], c[2]});
}

G2Bytes encode_g2(const ec::G2Affine& q) {
  G2Bytes out{};
  put_word(out, 0, q.x.c1);
  put_word(out, 1, q.x.c0);
  put_word(out, 2, q.y.c1);
  put_word(out, 3, q.y.c0);
  return out;
}

Result<std::vector<std::uint8_t>> ec_add(std::span<const std::uint8_t> input) {
  const auto in = padded<2 * kG1Bytes>(input);
  const std::span<const std::uint8_t> all(in);
  Result<ec::G1Affine> a = decode_g1(all.first<kG1Bytes>());
  if (!a) return make_error(labelled("first point", a.error()));
  Result<ec::G1Affine> b = decode_g1(all.subspan<kG1Bytes, kG1Bytes>());
  if (!b) return make_error(labelled("second point", b.error()));
  const ec::G1 sum = ec::G1::from_affine(*a) + ec::G1::from_affine(*b);
  const G1Bytes out = encode_g1(sum.to_affine());
  return std::vector<std::uint8_t>(out.begin(), out.end());
}

Result<std::vector<std::uint8_t>> ec_mul(std::span<const std::uint8_t> input) {
  const auto in = padded<kG1Bytes + kWordBytes>(input);
  const std::span<const std::uint8_t> all(in);
  Result<ec::G1Affine> p = decode_g1(all.first<kG1Bytes>());
  if (!p) return make_error(labelled("point", p.error()));
  // The scalar is any 256-bit integer; G1 has prime order r, so reduce it mod r.
  const ff::Limbs k = ff::limbs_reduce(ff::limbs_from_be_bytes(word(all, 2)), ff::FrParams::modulus());
  const G1Bytes out = encode_g1(ec::g1_mul(ec::G1::from_affine(*p), k).to_affine());
  return std::vector<std::uint8_t>(out.begin(), out.end());
}

Result<std::vector<std::uint8_t>> ec_pairing(std::span<const std::uint8_t> input) {
  if (input.size() % kPairingPairBytes != 0) {
    return make_error("pairing input length " + std::to_string(input.size()) +
                      " is not a multiple of 192");
  }
  const std::size_t n = input.size() / kPairingPairBytes;
  std::vector<ec::G1Affine> p(n);
  std::vector<ec::G2Affine> q(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto pair = input.subspan(i * kPairingPairBytes, kPairingPairBytes);
    const std::string label = "pair " + std::to_string(i);
    Result<ec::G1Affine> a = decode_g1(pair.first<kG1Bytes>());
    if (!a) return make_error(labelled(label, a.error()));
    Result<ec::G2Affine> b = decode_g2(pair.subspan<kG1Bytes, kG2Bytes>());
    if (!b) return make_error(labelled(label, b.error()));
    p[i] = *a;
    q[i] = *b;
  }
  std::vector<std::uint8_t> out(kWordBytes, 0);
  out.back() = pairing::pairing_product_is_one(p, q) ? 1 : 0;
  return out;
}

}  // namespace proofagg::evm

#include "aggregator/evm/precompile.hpp"

#include <gtest/gtest.h>

#include "kernels/core/hex.hpp"
#include "kernels/ff/codec.hpp"
#include "tests/support/random.hpp"
#include "tests/support/vectors.hpp"

namespace proofagg::evm {
namespace {

using Op = Result<std::vector<std::uint8_t>> (*)(std::span<const std::uint8_t>);

void run_vectors(const char* file, Op op, std::size_t min_count) {
  const auto vectors = testing::load_precompile_vectors(file);
  ASSERT_GE(vectors.size(), min_count) << "missing " << file;
  for (const auto& v : vectors) {
    const std::vector<std::uint8_t> input = hex_decode(v.input).value();
    Result<std::vector<std::uint8_t>> out = op(input);
    ASSERT_TRUE(out.ok()) << v.name << ": " << out.error();
    EXPECT_EQ(hex_encode(*out), v.expected) << v.name;
  }
}

TEST(PrecompileVectors, EcAdd) { run_vectors("bn256Add.json", ec_add, 12); }
TEST(PrecompileVectors, EcMul) { run_vectors("bn256ScalarMul.json", ec_mul, 15); }
TEST(PrecompileVectors, EcPairing) { run_vectors("bn256Pairing.json", ec_pairing, 11); }

std::string word(const ff::Fq& x) { return hex_encode(ff::field_to_be_bytes(x)); }
std::string word_of(const ff::Limbs& x) { return hex_encode(ff::limbs_to_be_bytes(x)); }
const std::string kZeroWord(64, '0');
const std::string kModulusWord = word_of(ff::FqParams::modulus());

std::string g1_hex(const ec::G1Affine& p) { return hex_encode(encode_g1(p)); }
std::string g2_hex(const ec::G2Affine& q) { return hex_encode(encode_g2(q)); }

Result<std::vector<std::uint8_t>> call(Op op, const std::string& hex) { return op(hex_decode(hex).value()); }

TEST(Precompile, EncodingRoundTrip) {
  for (int i = 0; i < 5; ++i) {
    const ec::G1Affine p = testing::random_g1();
    const ec::G2Affine q = testing::random_g2();
    EXPECT_EQ(*decode_g1(encode_g1(p)), p);
    EXPECT_EQ(*decode_g2(encode_g2(q)), q);
  }
  EXPECT_TRUE(decode_g1(G1Bytes{})->is_infinity());
  EXPECT_TRUE(decode_g2(G2Bytes{})->is_infinity());
  // EIP-197 order: x_imag first.
  const ec::G2Affine g = ec::g2_generator();
  EXPECT_EQ(g2_hex(g).substr(0, 64), word(g.x.c1));
}

TEST(Precompile, EcAddRejects) {
  const std::string g = g1_hex(ec::g1_generator());
  // A coordinate equal to p.
  Result<std::vector<std::uint8_t>> r = call(ec_add, kModulusWord + kZeroWord + g);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "first point: G1 x coordinate is not less than the field modulus");
  // (1, 3) is not on the curve.
  r = call(ec_add, g + word(ff::Fq::one()) + word(ff::Fq::from_u64(3)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "second point: G1 point is not on the curve y^2 = x^3 + 3");
  // (0, 1) is neither infinity nor on the curve.
  EXPECT_FALSE(call(ec_add, kZeroWord + word(ff::Fq::one())).ok());
}

TEST(Precompile, EcAddPaddingAndIdentity) {
  const std::string g = g1_hex(ec::g1_generator());
  // Short input is padded: G + infinity = G; extra bytes are ignored.
  EXPECT_EQ(hex_encode(*call(ec_add, g)), g);
  EXPECT_EQ(hex_encode(*call(ec_add, g + kZeroWord + kZeroWord + "ff")), g);
  EXPECT_EQ(hex_encode(*call(ec_add, "")), kZeroWord + kZeroWord);
  // G + (-G) = infinity; G + G = 2G.
  EXPECT_EQ(hex_encode(*call(ec_add, g + g1_hex(-ec::g1_generator()))), kZeroWord + kZeroWord);
  EXPECT_EQ(hex_encode(*call(ec_add, g + g)),
            g1_hex(ec::G1::from_affine(ec::g1_generator()).dbl().to_affine()));
}

TEST(Precompile, EcMulScalarsAboveOrder) {
  const std::string g = g1_hex(ec::g1_generator());
  // r * G = infinity, (r + 1) * G = G, (2^256 - 1) * G = ((2^256 - 1) mod r) * G.
  EXPECT_EQ(hex_encode(*call(ec_mul, g + word_of(ff::FrParams::modulus()))), kZeroWord + kZeroWord);
  ff::Limbs r_plus_one = ff::FrParams::modulus();
  r_plus_one.v[0] += 1;
  EXPECT_EQ(hex_encode(*call(ec_mul, g + word_of(r_plus_one))), g);
  const ff::Limbs all_ones{{~0ULL, ~0ULL, ~0ULL, ~0ULL}};
  const ec::G1 expected = ec::scalar_mul(ec::G1::from_affine(ec::g1_generator()), all_ones);
  EXPECT_EQ(hex_encode(*call(ec_mul, g + word_of(all_ones))), g1_hex(expected.to_affine()));
  Result<std::vector<std::uint8_t>> bad = call(ec_mul, word(ff::Fq::one()) + word(ff::Fq::one()) + "01");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "point: G1 point is not on the curve y^2 = x^3 + 3");
}

TEST(Precompile, EcPairingRejects) {
  const std::string g1 = g1_hex(ec::g1_generator());
  const std::string g2 = g2_hex(ec::g2_generator());
  Result<std::vector<std::uint8_t>> r = call(ec_pairing, g1 + g2 + "00");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "pairing input length 193 is not a multiple of 192");
  EXPECT_FALSE(call(ec_pairing, g1).ok());

  // Non-canonical G2 coordinate (x_real = p).
  std::string bad = g1 + g2;
  bad.replace(128 + 64, 64, kModulusWord);
  r = call(ec_pairing, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "pair 0: G2 x real part is not less than the field modulus");

  // On the twist but outside the order-r subgroup.
  ec::G2Affine outside{};
  for (std::uint64_t x = 1;; ++x) {
    const ff::Fq2 xx{ff::Fq::from_u64(x), ff::Fq::zero()};
    ff::Fq2 y;
    if ((xx.square() * xx + ec::G2Curve::b()).sqrt(y)) {
      outside = {xx, y};
      break;
    }
  }
  ASSERT_TRUE(outside.is_on_curve());
  ASSERT_FALSE(ec::g2_in_subgroup(outside));
  r = call(ec_pairing, g1 + g2 + g1 + g2_hex(outside));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "pair 1: G2 point is not in the prime-order subgroup");

  // Off the twist.
  ec::G2Affine off = ec::g2_generator();
  off.y = off.y + ff::Fq2::one();
  r = call(ec_pairing, g1 + g2_hex(off));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "pair 0: G2 point is not on the twist curve y^2 = x^3 + 3/(9+u)");

  // Bad G1 in a pairing.
  r = call(ec_pairing, word(ff::Fq::one()) + word(ff::Fq::one()) + g2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "pair 0: G1 point is not on the curve y^2 = x^3 + 3");
}

TEST(Precompile, EcPairingResults) {
  const std::string one = std::string(63, '0') + "1";
  const std::string zero = std::string(64, '0');
  const std::string g1 = g1_hex(ec::g1_generator());
  const std::string g2 = g2_hex(ec::g2_generator());
  EXPECT_EQ(hex_encode(*call(ec_pairing, "")), one);
  EXPECT_EQ(hex_encode(*call(ec_pairing, g1 + g2)), zero);
  EXPECT_EQ(hex_encode(*call(ec_pairing, g1 + g2 + g1_hex(-ec::g1_generator()) + g2)), one);
  // Infinity in either slot contributes 1.
  EXPECT_EQ(hex_encode(*call(ec_pairing, kZeroWord + kZeroWord + g2)), one);
  EXPECT_EQ(hex_encode(*call(ec_pairing, g1 + std::string(256, '0'))), one);
}

}  // namespace
}  // namespace proofagg::evm

#include "aggregator/circuit/std/wide_int.hpp"

namespace proofagg::circuit::detail {
namespace {

using u128 = unsigned __int128;

WideInt p_inverse() {
  // Newton's iteration for 1/p mod 2^640 (p odd): x <- x (2 - p x) doubles the
  // correct low bits each round; 1 is right mod 2.
  const WideInt p = WideInt::from_limbs(ff::FqParams::modulus());
  const WideInt two = WideInt::from_u64(2);
  WideInt x = WideInt::from_u64(1);
  for (int i = 0; i < 10; ++i) x = x * (two - p * x);
  return x;
}

}  // namespace

WideInt WideInt::from_u64(std::uint64_t v) {
  WideInt r;
  r.w_[0] = v;
  return r;
}

WideInt WideInt::from_limbs(const ff::Limbs& v) {
  WideInt r;
  for (int i = 0; i < ff::kLimbs; ++i) r.w_[i] = v.v[i];
  return r;
}

WideInt WideInt::from_signed(const ff::Fr& v) {
  const WideInt x = from_limbs(v.to_canonical());
  const WideInt half = from_limbs(ff::FrParams::half_order());
  // Values above (r - 1) / 2 are negative: x - r.
  for (int i = kWords - 1; i >= 0; --i) {
    if (x.w_[i] != half.w_[i]) return x.w_[i] > half.w_[i] ? x - from_limbs(ff::FrParams::modulus()) : x;
  }
  return x;
}

WideInt WideInt::operator+(const WideInt& o) const {
  WideInt r;
  u128 carry = 0;
  for (int i = 0; i < kWords; ++i) {
    const u128 s = u128{w_[i]} + o.w_[i] + carry;
    r.w_[i] = static_cast<std::uint64_t>(s);
    carry = s >> 64;
  }
  return r;
}

WideInt WideInt::operator-(const WideInt& o) const {
  WideInt not_o;
  for (int i = 0; i < kWords; ++i) not_o.w_[i] = ~o.w_[i];
  return *this + not_o + from_u64(1);
}

WideInt WideInt::operator*(const WideInt& o) const {
  WideInt r;
  for (int i = 0; i < kWords; ++i) {
    u128 carry = 0;
    for (int j = 0; i + j < kWords; ++j) {
      const u128 t = u128{w_[i]} * o.w_[j] + r.w_[i + j] + carry;
      r.w_[i + j] = static_cast<std::uint64_t>(t);
      carry = t >> 64;
    }
  }
  return r;
}

WideInt WideInt::shifted_left(int bits) const {
  WideInt r;
  const int words = bits / 64, rest = bits % 64;
  for (int i = kWords - 1; i >= words; --i) {
    std::uint64_t v = w_[i - words] << rest;
    if (rest != 0 && i - words - 1 >= 0) v |= w_[i - words - 1] >> (64 - rest);
    r.w_[i] = v;
  }
  return r;
}

WideInt WideInt::divided_by_2_64() const {
  WideInt r;
  for (int i = 0; i + 1 < kWords; ++i) r.w_[i] = w_[i + 1];
  r.w_[kWords - 1] = negative() ? ~std::uint64_t{0} : 0;
  return r;
}

bool WideInt::is_zero() const {
  for (const std::uint64_t x : w_) {
    if (x != 0) return false;
  }
  return true;
}

int WideInt::bit_length() const {
  for (int i = kWords - 1; i >= 0; --i) {
    if (w_[i] != 0) return 64 * i + 64 - __builtin_clzll(w_[i]);
  }
  return 0;
}

ff::Fq WideInt::mod_p() const {
  const bool neg = negative();
  const WideInt m = neg ? -*this : *this;
  // Horner over the words: m = sum w_i 2^(64 i).
  const ff::Fq base = ff::Fq::from_canonical(ff::Limbs{{0, 1, 0, 0}});  // 2^64
  ff::Fq acc = ff::Fq::zero();
  for (int i = kWords - 1; i >= 0; --i) acc = acc * base + ff::Fq::from_canonical(ff::Limbs{{m.w_[i], 0, 0, 0}});
  return neg ? -acc : acc;
}

WideInt WideInt::divide_exact_by_p() const {
  static const WideInt inverse = p_inverse();
  return *this * inverse;
}

ff::Fr WideInt::to_fr() const {
  const bool neg = negative();
  const WideInt m = neg ? -*this : *this;
  const ff::Fr base = ff::Fr::from_canonical(ff::Limbs{{0, 1, 0, 0}});
  ff::Fr acc = ff::Fr::zero();
  for (int i = kWords - 1; i >= 0; --i) acc = acc * base + ff::Fr::from_canonical(ff::Limbs{{m.w_[i], 0, 0, 0}});
  return neg ? -acc : acc;
}

}  // namespace proofagg::circuit::detail

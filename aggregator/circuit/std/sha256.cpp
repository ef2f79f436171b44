#include "aggregator/circuit/std/sha256.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "aggregator/circuit/api.hpp"

namespace proofagg::circuit {
namespace {

constexpr std::uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
constexpr std::uint32_t kInitialState[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

Word32 constant_word(std::uint32_t v) {
  Word32 w;
  for (int i = 0; i < 32; ++i) w.bits[i] = LC::constant((v >> i) & 1);
  return w;
}

Word32 rotr(const Word32& w, int n) {
  Word32 out;
  for (int i = 0; i < 32; ++i) out.bits[i] = w.bits[(i + n) % 32];
  return out;
}

Word32 shr(const Word32& w, int n) {
  Word32 out;
  for (int i = 0; i < 32; ++i) out.bits[i] = i + n < 32 ? w.bits[i + n] : LC();
  return out;
}

LC packed(const Word32& w) {
  LC sum;
  Fr weight = Fr::one();
  for (const LC& bit : w.bits) {
    sum += bit * weight;
    weight = weight + weight;
  }
  return sum.compact();
}

}  // namespace

XorAndMajority xor_and_majority(Builder& b, const LC& x, const LC& y, const LC& z) {
  int constants = x.is_constant() + y.is_constant() + z.is_constant();
  if (constants > 0) {
    // With a constant bit k among them: XOR = (other two) XOR k, majority = k ? OR : AND.
    const LC& k = x.is_constant() ? x : (y.is_constant() ? y : z);
    const LC& u = x.is_constant() ? y : x;
    const LC& v = x.is_constant() ? z : (y.is_constant() ? z : y);
    const LC uv_and = u.is_constant() || v.is_constant()
                          ? (u.is_constant() ? (u.constant_value().is_zero() ? LC() : v) : (v.constant_value().is_zero() ? LC() : u))
                          : LC(mul(b, u, v));
    const LC uv_xor = u + v - uv_and * Fr::from_u64(2);
    const bool k_set = !k.constant_value().is_zero();
    return {k_set ? LC::constant(1) - uv_xor : uv_xor, k_set ? u + v - uv_and : uv_and};
  }
  // s in {0, 1, 2, 3}; the one constraint s (s - 4 m) = s - 6 m is linear in m with
  // coefficient 6 - 4 s in {6, 2, -2, -6}, never zero, so m = s (1 - s) / (6 - 4 s),
  // which is 0, 0, 1, 1: the majority. The XOR s - 2 m is then a bit with no further
  // constraint.
  const LC s = x + y + z;
  const std::vector<LC> in{s};
  const Variable m = b.hint1(in, [](std::span<const Fr> v) { return v[0] == Fr::from_u64(2) || v[0] == Fr::from_u64(3) ? Fr::one() : Fr::zero(); });
  b.constrain(s, s - LC(m) * Fr::from_u64(4), s - LC(m) * Fr::from_u64(6), "sha256 majority");
  return {s - LC(m) * Fr::from_u64(2), LC(m)};
}

namespace {

Word32 xor3(Builder& b, const Word32& x, const Word32& y, const Word32& z) {
  Word32 out;
  for (int i = 0; i < 32; ++i) out.bits[i] = xor_and_majority(b, x.bits[i], y.bits[i], z.bits[i]).xor_bit;
  return out;
}

Word32 majority(Builder& b, const Word32& x, const Word32& y, const Word32& z) {
  Word32 out;
  for (int i = 0; i < 32; ++i) out.bits[i] = xor_and_majority(b, x.bits[i], y.bits[i], z.bits[i]).majority;
  return out;
}

Word32 choose(Builder& b, const Word32& e, const Word32& f, const Word32& g) {
  Word32 out;
  for (int i = 0; i < 32; ++i) {
    if (e.bits[i].is_constant()) {
      out.bits[i] = e.bits[i].constant_value().is_zero() ? g.bits[i] : f.bits[i];
    } else {
      out.bits[i] = g.bits[i] + LC(mul(b, e.bits[i], f.bits[i] - g.bits[i]));
    }
  }
  return out;
}

// sum of the words mod 2^32, as bits.
Word32 add(Builder& b, std::initializer_list<const Word32*> words) {
  LC sum;
  bool constant = true;
  for (const Word32* w : words) {
    sum += packed(*w);
    constant = constant && packed(*w).is_constant();
  }
  sum.compact();
  Word32 out;
  if (constant) {
    const std::uint64_t v = sum.constant_value().to_canonical().v[0];
    return constant_word(static_cast<std::uint32_t>(v));
  }
  std::size_t carry_bits = 0;
  while ((std::size_t{1} << carry_bits) < words.size()) ++carry_bits;
  const auto bits = to_bits(b, sum, 32 + carry_bits);
  for (int i = 0; i < 32; ++i) out.bits[i] = bits[i];
  return out;
}

}  // namespace

std::array<Word32, 8> sha256_compress(Builder& b, const std::array<Word32, 8>& state,
                                      const std::array<Word32, 16>& block) {
  std::array<Word32, 64> w;
  for (int t = 0; t < 16; ++t) w[t] = block[t];
  for (int t = 16; t < 64; ++t) {
    const Word32 s0 = xor3(b, rotr(w[t - 15], 7), rotr(w[t - 15], 18), shr(w[t - 15], 3));
    const Word32 s1 = xor3(b, rotr(w[t - 2], 17), rotr(w[t - 2], 19), shr(w[t - 2], 10));
    w[t] = add(b, {&s1, &w[t - 7], &s0, &w[t - 16]});
  }
  std::array<Word32, 8> v = state;  // a..h
  for (int t = 0; t < 64; ++t) {
    const Word32 big_s1 = xor3(b, rotr(v[4], 6), rotr(v[4], 11), rotr(v[4], 25));
    const Word32 ch = choose(b, v[4], v[5], v[6]);
    const Word32 k = constant_word(kRoundConstants[t]);
    const Word32 big_s0 = xor3(b, rotr(v[0], 2), rotr(v[0], 13), rotr(v[0], 22));
    const Word32 maj = majority(b, v[0], v[1], v[2]);
    // a' = T1 + T2 and e' = d + T1, each decomposed once from its packed sum.
    const Word32 new_a = add(b, {&v[7], &big_s1, &ch, &k, &w[t], &big_s0, &maj});
    const Word32 new_e = add(b, {&v[3], &v[7], &big_s1, &ch, &k, &w[t]});
    v = {new_a, v[0], v[1], v[2], new_e, v[4], v[5], v[6]};
  }
  std::array<Word32, 8> out;
  for (int i = 0; i < 8; ++i) out[i] = add(b, {&state[i], &v[i]});
  return out;
}

std::vector<LC> constant_bits(std::span<const std::uint8_t> bytes) {
  std::vector<LC> bits;
  for (const std::uint8_t byte : bytes) {
    for (int i = 7; i >= 0; --i) bits.push_back(LC::constant((byte >> i) & 1));
  }
  return bits;
}

namespace {

// The 64-bit big-endian bit length that ends a padded message of `bytes` bytes, and
// where its padding starts and ends (bit positions).
struct Padding {
  std::uint64_t length_bits;
  std::size_t one_at;  // the 1 after the message
  std::size_t end;     // a multiple of 512
};
Padding padding_of(std::size_t bytes) {
  const std::size_t bits = 8 * bytes;
  return {bits, bits, (bits + 1 + 64 + 511) / 512 * 512};
}

// Compresses the padded message block by block from the initial state; the chaining
// value after each block, first block first.
std::vector<std::array<Word32, 8>> chaining_values(Builder& b, std::span<const LC> padded) {
  std::array<Word32, 8> state;
  for (int i = 0; i < 8; ++i) state[i] = constant_word(kInitialState[i]);
  std::vector<std::array<Word32, 8>> out;
  for (std::size_t offset = 0; offset < padded.size(); offset += 512) {
    std::array<Word32, 16> block;
    for (int j = 0; j < 16; ++j) {
      for (int i = 0; i < 32; ++i) block[j].bits[i] = padded[offset + 32 * j + (31 - i)];  // big-endian words
    }
    state = sha256_compress(b, state, block);
    out.push_back(state);
  }
  return out;
}

std::vector<LC> digest_bits(const std::array<Word32, 8>& state) {
  std::vector<LC> digest;
  for (const Word32& w : state) {
    for (int i = 31; i >= 0; --i) digest.push_back(w.bits[i]);
  }
  return digest;
}

// Adds `weight` times the FIPS 180-4 padding of a `bytes`-byte message to `bits`.
void add_padding(std::vector<LC>& bits, std::size_t bytes, const LC& weight) {
  const Padding p = padding_of(bytes);
  bits[p.one_at] += weight;
  for (int i = 0; i < 64; ++i) {
    if ((p.length_bits >> (63 - i)) & 1) bits[p.end - 64 + i] += weight;
  }
}

}  // namespace

std::vector<LC> sha256(Builder& b, std::span<const LC> message_bits) {
  if (message_bits.size() % 8 != 0) throw std::logic_error("sha256: whole bytes only");
  const std::size_t bytes = message_bits.size() / 8;
  std::vector<LC> bits(message_bits.begin(), message_bits.end());
  bits.resize(padding_of(bytes).end);
  add_padding(bits, bytes, LC::constant(1));
  return digest_bits(chaining_values(b, bits).back());
}

std::vector<LC> sha256_of_prefix(Builder& b, std::span<const LC> message_bits, std::span<const std::size_t> lengths,
                                 std::span<const LC> selectors) {
  if (lengths.empty() || lengths.size() != selectors.size()) throw std::logic_error("sha256_of_prefix: one selector per length");
  std::size_t end = 0;
  for (const std::size_t bytes : lengths) {
    if (8 * bytes > message_bits.size()) throw std::logic_error("sha256_of_prefix: a length past the message");
    end = std::max(end, padding_of(bytes).end);
  }
  std::vector<LC> bits(message_bits.begin(), message_bits.end());
  bits.resize(end);
  for (std::size_t i = 0; i < lengths.size(); ++i) add_padding(bits, lengths[i], selectors[i]);
  const auto states = chaining_values(b, bits);
  // The selectors summed per block count; the digest by selections from the fewest blocks up.
  std::map<std::size_t, LC> by_blocks;
  for (std::size_t i = 0; i < lengths.size(); ++i) by_blocks[padding_of(lengths[i]).end / 512] += selectors[i];
  std::vector<LC> digest = digest_bits(states[by_blocks.begin()->first - 1]);
  for (auto it = std::next(by_blocks.begin()); it != by_blocks.end(); ++it) {
    const std::vector<LC> candidate = digest_bits(states[it->first - 1]);
    for (std::size_t i = 0; i < digest.size(); ++i) digest[i] = select(b, it->second, candidate[i], digest[i]);
  }
  return digest;
}

std::vector<LC> merkle_node(Builder& b, std::span<const LC> left, std::span<const LC> right) {
  std::vector<LC> message(left.begin(), left.end());
  message.insert(message.end(), right.begin(), right.end());
  return sha256(b, message);
}

std::vector<LC> merkle_root(Builder& b, std::span<const std::vector<LC>> leaves) {
  if (leaves.empty()) throw std::logic_error("merkle_root: no leaves");
  std::vector<std::vector<LC>> level(leaves.begin(), leaves.end());
  std::size_t padded = 1;
  while (padded < level.size()) padded *= 2;
  level.resize(padded, std::vector<LC>(256));  // all-zero leaves: constant zero bits
  while (level.size() > 1) {
    std::vector<std::vector<LC>> next;
    for (std::size_t i = 0; i < level.size(); i += 2) next.push_back(merkle_node(b, level[i], level[i + 1]));
    level = std::move(next);
  }
  return level.front();
}

std::vector<LC> merkle_root_from_path(Builder& b, std::span<const LC> leaf, std::span<const std::vector<LC>> siblings,
                                      std::span<const Variable> index_bits) {
  if (siblings.size() != index_bits.size()) throw std::logic_error("merkle_root_from_path: one index bit per level");
  std::vector<LC> node(leaf.begin(), leaf.end());
  for (std::size_t level = 0; level < siblings.size(); ++level) {
    std::vector<LC> left(256), right(256);
    for (std::size_t i = 0; i < 256; ++i) {
      // A right child: the sibling on the left.
      left[i] = select(b, index_bits[level], siblings[level][i], node[i]);
      right[i] = node[i] + siblings[level][i] - left[i];
    }
    node = merkle_node(b, left, right);
  }
  return node;
}

}  // namespace proofagg::circuit

#include "aggregator/commit/commitments.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

#include "aggregator/commit/poseidon.hpp"
#include "kernels/ff/codec.hpp"

namespace proofagg::commit {
namespace {

using ff::Fq;
using ff::Fr;

// The vk_hash chain of commitments.hpp, element by element.
class VkChain {
 public:
  explicit VkChain(std::size_t public_inputs) {
    constexpr std::string_view kTag = "proofagg.vk.v1";
    ff::FieldBytes tag{};
    std::copy(kTag.begin(), kTag.end(), tag.end() - kTag.size());
    const std::array<Fr, 2> start = {Fr::from_canonical(ff::limbs_from_be_bytes(tag)), Fr::from_u64(public_inputs)};
    h_ = poseidon(start);
  }

  void absorb(const ec::G1Affine& p) {
    absorb(p.x);
    absorb(p.y);
  }
  void absorb(const ec::G2Affine& p) {
    absorb(p.x.c0);
    absorb(p.x.c1);
    absorb(p.y.c0);
    absorb(p.y.c1);
  }

  const Fr& digest() const { return h_; }

 private:
  // q > r: the low 128 bits, then the high 126 bits, each below r.
  void absorb(const Fq& coordinate) {
    const ff::Limbs v = coordinate.to_canonical();
    absorb_element(Fr::from_canonical({{v.v[0], v.v[1], 0, 0}}));
    absorb_element(Fr::from_canonical({{v.v[2], v.v[3], 0, 0}}));
  }
  void absorb_element(const Fr& e) {
    const std::array<Fr, 2> pair = {h_, e};
    h_ = poseidon(pair);
  }

  Fr h_;
};

}  // namespace

VkHash vk_hash(const groth16::VerifyingKey& vk) {
  VkChain chain(vk.public_inputs());
  chain.absorb(vk.alpha);
  chain.absorb(vk.beta);
  chain.absorb(vk.gamma);
  chain.absorb(vk.delta);
  for (const ec::G1Affine& ic : vk.ic) chain.absorb(ic);
  return ff::field_to_be_bytes(chain.digest());
}

Sha256Digest pi_hash(std::span<const Fr> public_inputs) {
  Sha256 hash;
  for (const Fr& x : public_inputs) hash.update(ff::field_to_be_bytes(x));
  return hash.finish();
}

Sha256Digest sha256_pair(std::span<const std::uint8_t, 32> left, std::span<const std::uint8_t, 32> right) {
  return Sha256().update(left).update(right).finish();
}

Sha256Digest leaf_hash(const VkHash& vk_hash, const Sha256Digest& pi_hash) { return sha256_pair(vk_hash, pi_hash); }

Result<MerkleTree> MerkleTree::build(std::span<const Sha256Digest> leaves) {
  if (leaves.empty()) return make_error("a Merkle tree needs at least one leaf");
  std::vector<std::vector<Sha256Digest>> levels;
  levels.emplace_back(leaves.begin(), leaves.end());
  levels.back().resize(std::bit_ceil(leaves.size()), Sha256Digest{});
  while (levels.back().size() > 1) {
    const std::vector<Sha256Digest>& below = levels.back();
    std::vector<Sha256Digest> above(below.size() / 2);
    for (std::size_t i = 0; i < above.size(); ++i) above[i] = sha256_pair(below[2 * i], below[2 * i + 1]);
    levels.push_back(std::move(above));
  }
  return MerkleTree(std::move(levels), leaves.size());
}

std::vector<Sha256Digest> MerkleTree::path(std::size_t index) const {
  if (index >= leaf_count_) {
    throw std::out_of_range("Merkle leaf " + std::to_string(index) + " of " + std::to_string(leaf_count_));
  }
  std::vector<Sha256Digest> siblings;
  siblings.reserve(levels_.size() - 1);
  for (std::size_t level = 0; level + 1 < levels_.size(); ++level, index >>= 1) {
    siblings.push_back(levels_[level][index ^ 1]);
  }
  return siblings;
}

bool verify_inclusion(const Sha256Digest& leaf, std::size_t index, std::span<const Sha256Digest> siblings,
                      const Sha256Digest& root) {
  if (siblings.size() < std::numeric_limits<std::size_t>::digits && (index >> siblings.size()) != 0) return false;
  Sha256Digest node = leaf;
  for (const Sha256Digest& sibling : siblings) {
    node = (index & 1) ? sha256_pair(sibling, node) : sha256_pair(node, sibling);
    index >>= 1;
  }
  return node == root;
}

}  // namespace proofagg::commit

#include "aggregator/solidity/export.hpp"

#include <sstream>
#include <stdexcept>

#include "kernels/ff/codec.hpp"

namespace proofagg::solidity {
namespace {

std::string dec(const ff::Fq& x) { return ff::limbs_to_decimal(x.to_canonical()); }

// A G2 point as EIP-197 orders its words: x_imag, x_real, y_imag, y_real.
void g2_words(std::ostringstream& s, const char* name, const ec::G2Affine& p) {
  s << "  uint256 constant " << name << "_X1 = " << dec(p.x.c1) << ";\n"
    << "  uint256 constant " << name << "_X0 = " << dec(p.x.c0) << ";\n"
    << "  uint256 constant " << name << "_Y1 = " << dec(p.y.c1) << ";\n"
    << "  uint256 constant " << name << "_Y0 = " << dec(p.y.c0) << ";\n";
}

// Stores the G2 constant `name` at p + offset (bytes, hex).
void store_g2(std::ostringstream& s, const char* name, unsigned offset) {
  const char* parts[] = {"_X1", "_X0", "_Y1", "_Y0"};
  for (unsigned i = 0; i < 4; ++i) {
    s << "      mstore(add(p, " << (offset + 32 * i) << "), " << name << parts[i] << ")\n";
  }
}

}  // namespace

std::string groth16_verifier(const groth16::VerifyingKey& vk, std::string_view contract_name) {
  if (vk.commitment) throw std::invalid_argument("a Solidity verifier needs a plain key (no commitment)");
  const std::size_t n = vk.public_inputs();
  std::ostringstream s;
  s << "// SPDX-License-Identifier: MIT\n"
       "// Written by `proofagg export-solidity` for one Groth16 verifying key (BN254).\n"
       "pragma solidity ^0.8.20;\n\n"
       "contract " << contract_name << " {\n"
       "  uint256 constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;\n"
       "  uint256 constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;\n"
       "  uint256 constant ALPHA_X = " << dec(vk.alpha.x) << ";\n"
       "  uint256 constant ALPHA_Y = " << dec(vk.alpha.y) << ";\n";
  g2_words(s, "BETA", vk.beta);
  g2_words(s, "GAMMA", vk.gamma);
  g2_words(s, "DELTA", vk.delta);
  for (std::size_t i = 0; i <= n; ++i) {
    s << "  uint256 constant IC" << i << "_X = " << dec(vk.ic[i].x) << ";\n"
      << "  uint256 constant IC" << i << "_Y = " << dec(vk.ic[i].y) << ";\n";
  }
  s << "\n"
       "  // proof = (A.x, A.y, B.x_imag, B.x_real, B.y_imag, B.y_real, C.x, C.y). False for\n"
       "  // any word out of its field, a point off its curve or group, or a failed check.\n"
       "  function verifyProof(uint256[8] calldata proof, uint256[" << n << "] calldata input) external view returns (bool ok) {\n"
       "    for (uint256 i = 0; i < " << n << "; ++i) {\n"
       "      if (input[i] >= R) return false;\n"
       "    }\n"
       "    for (uint256 i = 0; i < 8; ++i) {\n"
       "      if (proof[i] >= Q) return false;\n"
       "    }\n"
       "    assembly {\n"
       "      let m := mload(0x40)\n"
       "      // L = IC0 + sum input[i] IC(i+1), accumulated at m; ecMul's operands at m + 64.\n"
       "      mstore(m, IC0_X)\n"
       "      mstore(add(m, 32), IC0_Y)\n"
       "      ok := 1\n";
  for (std::size_t i = 0; i < n; ++i) {
    s << "      mstore(add(m, 64), IC" << i + 1 << "_X)\n"
      << "      mstore(add(m, 96), IC" << i + 1 << "_Y)\n"
      << "      mstore(add(m, 128), calldataload(add(input, " << 32 * i << ")))\n"
      << "      ok := and(ok, staticcall(gas(), 7, add(m, 64), 96, add(m, 64), 64))\n"
      << "      ok := and(ok, staticcall(gas(), 6, m, 128, m, 64))\n";
  }
  s << "      // e(-A, B) e(alpha, beta) e(L, gamma) e(C, delta) = 1 (0x08), four pairs at p.\n"
       "      let p := add(m, 160)\n"
       "      mstore(p, calldataload(proof))\n"
       "      mstore(add(p, 32), mod(sub(Q, calldataload(add(proof, 32))), Q))\n"
       "      calldatacopy(add(p, 64), add(proof, 64), 128)\n"
       "      mstore(add(p, 192), ALPHA_X)\n"
       "      mstore(add(p, 224), ALPHA_Y)\n";
  store_g2(s, "BETA", 256);
  s << "      mstore(add(p, 384), mload(m))\n"
       "      mstore(add(p, 416), mload(add(m, 32)))\n";
  store_g2(s, "GAMMA", 448);
  s << "      calldatacopy(add(p, 576), add(proof, 192), 64)\n";
  store_g2(s, "DELTA", 640);
  s << "      ok := and(ok, staticcall(gas(), 8, p, 768, p, 32))\n"
       "      ok := and(ok, mload(p))\n"
       "    }\n"
       "  }\n"
       "}\n";
  return s.str();
}

std::string slot_roots() {
  return R"(// SPDX-License-Identifier: MIT
// Written by `proofagg export-solidity`: proofagg's slot aggregates on the EVM.
pragma solidity ^0.8.20;

interface IProofaggVerifier {
  function verifyProof(uint256[8] calldata proof, uint256[4] calldata input) external view returns (bool);
}

contract ProofaggSlotRoots {
  IProofaggVerifier public immutable verifier;
  // Each slot's proven root (zero: not aggregated).
  mapping(uint256 => bytes32) public rootOf;

  event SlotAggregated(uint256 indexed slot, bytes32 root, uint256 count);

  constructor(IProofaggVerifier verifier_) {
    verifier = verifier_;
  }

  // signals = (root[0..16), root[16..32), count, slot): the slot's statement. Each
  // slot is accepted once, so no aggregate can be replayed or replaced.
  function submitAggregate(uint256[8] calldata proof, uint256[4] calldata signals) external {
    require(signals[0] >> 128 == 0 && signals[1] >> 128 == 0 && signals[2] > 0, "not a slot statement");
    require(rootOf[signals[3]] == bytes32(0), "slot already aggregated");
    require(verifier.verifyProof(proof, signals), "invalid aggregate");
    bytes32 root = bytes32((signals[0] << 128) | signals[1]);
    rootOf[signals[3]] = root;
    emit SlotAggregated(signals[3], root, signals[2]);
  }

  // Whether the proof with this vk_hash and these public inputs is leaf `index` of
  // the slot's aggregate: its leaf SHA-256(vkHash ‖ SHA-256(inputs as 32-byte words))
  // passes verifyLeaf.
  function verifyInclusion(uint256 slot, bytes32 vkHash, uint256[] calldata inputs, uint256 index,
                           bytes32[] calldata siblings) external view returns (bool) {
    bool ok;
    bytes32 leaf;
    assembly {
      let m := mload(0x40)
      calldatacopy(m, inputs.offset, shl(5, inputs.length))
      ok := staticcall(gas(), 2, m, shl(5, inputs.length), 0x20, 0x20)
      mstore(0x00, vkHash)
      ok := and(ok, staticcall(gas(), 2, 0x00, 0x40, 0x00, 0x20))
      leaf := mload(0x00)
    }
    return ok && verifyLeaf(slot, leaf, index, siblings);
  }

  // Whether `leaf` is leaf `index` of the slot's aggregate: folded with the siblings
  // from the leaf level up (bit k of index: the level-k node is a right child), it
  // gives the slot's root. An index past the path's 2^length leaves is refused.
  function verifyLeaf(uint256 slot, bytes32 leaf, uint256 index, bytes32[] calldata siblings)
      public view returns (bool ok) {
    bytes32 root = rootOf[slot];
    assembly {
      let n := siblings.length
      // A root to reach, and an index that fits in the path.
      ok := and(iszero(iszero(root)), or(iszero(lt(n, 256)), iszero(shr(n, index))))
      let node := leaf
      for { let p := siblings.offset let end := add(siblings.offset, shl(5, n)) } lt(p, end) { p := add(p, 0x20) } {
        // A right child (index's low bit set) goes second: node at 0x20, the sibling at 0x00.
        let at := shl(5, and(index, 1))
        index := shr(1, index)
        mstore(at, node)
        mstore(xor(at, 0x20), calldataload(p))
        ok := and(ok, staticcall(gas(), 2, 0x00, 0x40, 0x00, 0x20))
        node := mload(0x00)
      }
      ok := and(ok, eq(node, root))
    }
  }
}
)";
}

}  // namespace proofagg::solidity

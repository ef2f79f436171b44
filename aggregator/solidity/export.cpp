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
       "// The key and its check, for a contract that verifies proofs itself (ProofaggSlotRoots).\n"
       "abstract contract " << contract_name << "Key {\n"
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
       "  function checkProof(uint256[8] calldata proof, uint256[" << n << "] calldata input) internal view returns (bool ok) {\n"
       "    assembly {\n"
       "      // Every word canonical: the signals below r, the coordinates below q.\n"
       "      ok := 1\n";
  for (std::size_t i = 0; i < n; ++i) s << "      ok := and(ok, lt(calldataload(add(input, " << 32 * i << ")), R))\n";
  for (std::size_t i = 0; i < 8; ++i) s << "      ok := and(ok, lt(calldataload(add(proof, " << 32 * i << ")), Q))\n";
  s << "      let m := mload(0x40)\n"
       "      // L = IC0 + sum input[i] IC(i+1), accumulated at m; ecMul's operands at m + 64.\n"
       "      mstore(m, IC0_X)\n"
       "      mstore(add(m, 32), IC0_Y)\n";
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
       "}\n\n"
       "contract " << contract_name << " is " << contract_name << "Key {\n"
       "  function verifyProof(uint256[8] calldata proof, uint256[" << n << "] calldata input) external view returns (bool) {\n"
       "    return checkProof(proof, input);\n"
       "  }\n"
       "}\n";
  return s.str();
}

std::string slot_roots(std::string_view verifier_name) {
  std::string text = R"(// SPDX-License-Identifier: MIT
// Written by `proofagg export-solidity`: proofagg's slot aggregates on the EVM.
pragma solidity ^0.8.20;

import "./$VERIFIER.sol";

// ProofaggSlotRoots as its callers see it: its two inclusion checks are decoded by
// hand (below), so the compiler does not list them.
interface IProofaggSlotRoots {
  event SlotAggregated(uint256 indexed slot, bytes32 root, uint256 count);
  // The slot's proven root; zero: not aggregated.
  function rootOf(uint256 slot) external view returns (bytes32);
  function submitAggregate(uint256[8] calldata proof, uint256[4] calldata signals) external;
  // Whether the proof with this vk_hash and these public inputs is leaf `index` of
  // the slot's aggregate: its leaf SHA-256(vkHash ‖ SHA-256(inputs as 32-byte words))
  // passes verifyLeaf.
  function verifyInclusion(uint256 slot, bytes32 vkHash, uint256[] calldata inputs, uint256 index,
                           bytes32[] calldata siblings) external view returns (bool);
  // Whether `leaf` is leaf `index` of the slot's aggregate: folded with the siblings
  // from the leaf level up (bit k of index: the level-k node is a right child), it
  // gives the slot's root. An index past the path's 2^length leaves is refused.
  function verifyLeaf(uint256 slot, bytes32 leaf, uint256 index, bytes32[] calldata siblings)
      external view returns (bool);
}

// The root of slot s is at storage key s: the contract has no other state, and a
// check reads the root without hashing a mapping key. The wrapper key's check is
// inherited rather than called in another contract (a cold account), and the
// inclusion checks, what each rollup pays for, skip the compiler's decoder. Gas:
// bench/RESULTS.md.
contract ProofaggSlotRoots is $VERIFIERKey {
  event SlotAggregated(uint256 indexed slot, bytes32 root, uint256 count);

  function rootOf(uint256 slot) external view returns (bytes32 root) {
    assembly {
      root := sload(slot)
    }
  }

  // signals = (root[0..16), root[16..32), count, slot): the slot's statement. Each
  // slot is accepted once, so no aggregate can be replayed or replaced.
  function submitAggregate(uint256[8] calldata proof, uint256[4] calldata signals) external {
    require(signals[0] >> 128 == 0 && signals[1] >> 128 == 0 && signals[2] > 0, "not a slot statement");
    uint256 slot = signals[3];
    bytes32 root;
    assembly {
      root := sload(slot)
    }
    require(root == bytes32(0), "slot already aggregated");
    require(checkProof(proof, signals), "invalid aggregate");
    root = bytes32((signals[0] << 128) | signals[1]);
    assembly {
      sstore(slot, root)
    }
    emit SlotAggregated(slot, root, signals[2]);
  }

  // verifyLeaf and verifyInclusion (IProofaggSlotRoots), in their standard ABI
  // encoding read strictly: each array right after what precedes it, nothing after
  // the last, lengths bounded. Anything else reverts.
  fallback() external {
    bytes4 leafCheck = IProofaggSlotRoots.verifyLeaf.selector;
    bytes4 inclusionCheck = IProofaggSlotRoots.verifyInclusion.selector;
    assembly {
      // Whether `leaf`, leaf `index`, folds with the n siblings at calldata p into
      // the slot's root (n < 256: what a wrapped length would pass off as the path's
      // end is refused here). x is the index times 32: its bit 5 says where the level's
      // node goes (0x20: a right child), so each hash lands in place for the next.
      function folds(slot, leaf, index, p, n) -> ok {
        let root := sload(slot)
        ok := and(iszero(iszero(root)), and(lt(n, 256), iszero(shr(n, index))))
        let x := shl(5, index)
        let at := and(x, 0x20)
        mstore(at, leaf)
        let end := add(p, shl(5, n))
        // One level if n is odd, then two per turn (half the loop's overhead).
        if and(n, 1) {
$LEVEL        }
        for {} lt(p, end) {} {
$LEVEL$LEVEL        }
        ok := and(ok, eq(mload(at), root))
      }
      let selector := and(calldataload(0), shl(224, 0xffffffff))
      if eq(selector, leafCheck) {
        // (slot, leaf, index, siblings at 0x80)
        let n := calldataload(0x84)
        if iszero(and(eq(calldataload(0x64), 0x80), eq(calldatasize(), add(0xa4, shl(5, n))))) {
          revert(0, 0)
        }
        mstore(0x00, folds(calldataload(0x04), calldataload(0x24), calldataload(0x44), 0xa4, n))
        return(0x00, 0x20)
      }
      if eq(selector, inclusionCheck) {
        // (slot, vkHash, inputs at 0xa0, index, siblings right after the inputs)
        let inputs := calldataload(0xa4)
        let at := add(0xc0, shl(5, inputs))
        let n := calldataload(add(0x04, at))
        if iszero(and(and(eq(calldataload(0x44), 0xa0), lt(inputs, 0x10000)),
                      and(eq(calldataload(0x84), at), eq(calldatasize(), add(add(0x24, at), shl(5, n)))))) {
          revert(0, 0)
        }
        let m := mload(0x40)
        calldatacopy(m, 0xc4, shl(5, inputs))
        let ok := staticcall(gas(), 2, m, shl(5, inputs), 0x20, 0x20)
        mstore(0x00, calldataload(0x24))
        ok := and(ok, staticcall(gas(), 2, 0x00, 0x40, 0x00, 0x20))
        mstore(0x00, and(ok, folds(calldataload(0x04), mload(0x00), calldataload(0x64), add(0x24, at), n)))
        return(0x00, 0x20)
      }
      revert(0, 0)
    }
  }
}
)";
  // One level of the path: the sibling beside the node, the hash where the next
  // level wants it.
  constexpr std::string_view kLevel =
      "          mstore(xor(at, 0x20), calldataload(p))\n"
      "          p := add(p, 0x20)\n"
      "          x := shr(1, x)\n"
      "          at := and(x, 0x20)\n"
      "          ok := and(ok, staticcall(gas(), 2, 0x00, 0x40, at, 0x20))\n";
  for (const auto& [name, value] : {std::pair{std::string_view("$VERIFIER"), verifier_name},
                                   std::pair{std::string_view("$LEVEL"), kLevel}}) {
    for (std::size_t at; (at = text.find(name)) != std::string::npos;) text.replace(at, name.size(), value);
  }
  return text;
}

}  // namespace proofagg::solidity

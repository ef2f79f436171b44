// `proofagg export-solidity` on the EVM: solc (npm) compiles the verifier and
// ProofaggSlotRoots, @ethereumjs/evm (npm, its own BN254 and SHA-256 precompiles)
// runs them. The verifier accepts the proof and refuses a tampered one; the slot's
// aggregate is accepted once (a replay reverts); a proof's inclusion path is accepted
// and a wrong sibling, index, key or input refused. Prints the gas of one aggregate
// verification, one inclusion check, and the share per proof at n = 64.
// Usage:
//   node evm_solidity.mjs PATH/TO/proofagg PATH/TO/slot_fixture SHARED_DIR
//     a stand-in proof of a slot statement of 64 proofs (four signals, so the gas is
//     the wrapper's): CI's test;
//   node evm_solidity.mjs PATH/TO/proofagg --aggregate DIR
//     a real aggregate (proofagg aggregate's output; scripts/aggregate-e2e.sh).
// Exit 0: all as expected; 1: a disagreement; 77: the npm packages are missing.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireOrSkip } from "./require_or_skip.mjs";

const solc = requireOrSkip("solc");
const { createEVM } = requireOrSkip("@ethereumjs/evm");
const { Common, Mainnet, Hardfork } = requireOrSkip("@ethereumjs/common");
const { hexToBytes, bytesToHex } = requireOrSkip("@ethereumjs/util");
const snarkjs = requireOrSkip("snarkjs");

const [cli, ...rest] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), "proofagg-evm-"));
let failures = 0;
const expect = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
};

const word = (v) => BigInt(v).toString(16).padStart(64, "0");
const calldataGas = (hex) => {
  let gas = 0;
  for (let i = 2; i < hex.length; i += 2) gas += hex.slice(i, i + 2) === "00" ? 4 : 16;
  return gas;
};

try {
  let dir;
  if (rest[0] === "--aggregate") {
    dir = rest[1];
  } else {
    const [fixture, shared] = rest;
    dir = work;
    execFileSync(fixture, [shared, dir]);
    execFileSync(cli, ["setup", "--development", "--r1cs", join(dir, "statement.r1cs"), "--zkey",
                       join(dir, "statement.zkey"), "--vk", join(dir, "verification_key.json")], { stdio: "ignore" });
    execFileSync(cli, ["prove", "--backend", "cpu", "--zkey", join(dir, "statement.zkey"), "--wtns",
                       join(dir, "statement.wtns"), "--proof", join(dir, "proof.json"), "--public", join(dir, "public.json")]);
  }
  const vk = JSON.parse(readFileSync(join(dir, "verification_key.json"), "utf8"));
  const proof = JSON.parse(readFileSync(join(dir, "proof.json"), "utf8"));
  const signals = JSON.parse(readFileSync(join(dir, "public.json"), "utf8"));
  const inclusion = JSON.parse(readFileSync(join(dir, "inclusion.json"), "utf8"));
  expect(await snarkjs.groth16.verify(vk, signals, proof), "snarkjs accepts the proof");

  const sol = join(work, "sol");
  execFileSync(cli, ["export-solidity", "--vk", join(dir, "verification_key.json"), "--out", sol]);
  const sources = {};
  for (const name of ["ProofaggVerifier.sol", "ProofaggSlotRoots.sol"]) {
    sources[name] = { content: readFileSync(join(sol, name), "utf8") };
  }
  const compiled = JSON.parse(solc.compile(JSON.stringify({
    language: "Solidity", sources,
    settings: { optimizer: { enabled: true, runs: 10000 }, evmVersion: "cancun",
                outputSelection: { "*": { "*": ["evm.bytecode.object", "evm.methodIdentifiers"] } } },
  })));
  const errors = (compiled.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const contract = (file, name) => compiled.contracts[file][name].evm;
  const verifier = contract("ProofaggVerifier.sol", "ProofaggVerifier");
  // Called through its interface: the inclusion checks are decoded by hand, so only
  // the interface lists them.
  const roots = { ...contract("ProofaggSlotRoots.sol", "ProofaggSlotRoots"),
                  methodIdentifiers: contract("ProofaggSlotRoots.sol", "IProofaggSlotRoots").methodIdentifiers };

  const evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Cancun }) });
  const deploy = async (bytecode, args = "") => {
    const r = await evm.runCall({ data: hexToBytes("0x" + bytecode + args), gasLimit: 30_000_000n, skipBalance: true });
    if (r.execResult.exceptionError) throw new Error("deployment failed: " + r.execResult.exceptionError.error);
    return r.createdAddress;
  };
  // As in a transaction (EIP-2929): the precompiles and the called contract are warm,
  // storage is cold.
  const warmAsATransaction = (to) => {
    evm.journal.cleanJournal();  // nothing stays warm from an earlier call
    for (let a = 1; a <= 10; a++) evm.journal.addAlwaysWarmAddress(a.toString(16).padStart(40, "0"));
    evm.journal.addAlwaysWarmAddress(to.toString());
  };
  const call = async (to, evmSpec, signature, argsHex) => callData(to, "0x" + evmSpec.methodIdentifiers[signature] + argsHex);
  const callData = async (to, data) => {
    warmAsATransaction(to);
    const r = await evm.runCall({ to, data: hexToBytes(data), gasLimit: 30_000_000n, skipBalance: true });
    return { reverted: r.execResult.exceptionError !== undefined, ret: bytesToHex(r.execResult.returnValue),
             gas: Number(r.execResult.executionGasUsed), calldata: calldataGas(data) };
  };
  const isTrue = (r) => !r.reverted && BigInt(r.ret) === 1n;

  const verifierAddress = await deploy(verifier.bytecode.object);
  const rootsAddress = await deploy(roots.bytecode.object);
  // (A.x, A.y, B.x_imag, B.x_real, B.y_imag, B.y_real, C.x, C.y), EIP-197's order.
  const proofWords = [proof.pi_a[0], proof.pi_a[1], proof.pi_b[0][1], proof.pi_b[0][0], proof.pi_b[1][1],
                      proof.pi_b[1][0], proof.pi_c[0], proof.pi_c[1]];
  const args = (words, sigs) => [...words, ...sigs].map(word).join("");
  const verifySig = "verifyProof(uint256[8],uint256[4])";
  const accepted = await call(verifierAddress, verifier, verifySig, args(proofWords, signals));
  expect(isTrue(accepted), `the verifier accepts the aggregate (${accepted.gas} gas)`);
  const tampered = [...proofWords];
  tampered[6] = (BigInt(tampered[6]) + 1n).toString();
  expect(!isTrue(await call(verifierAddress, verifier, verifySig, args(tampered, signals))),
         "the verifier refuses a tampered proof");
  const otherSignals = [...signals];
  otherSignals[2] = (BigInt(otherSignals[2]) + 1n).toString();
  expect(!isTrue(await call(verifierAddress, verifier, verifySig, args(proofWords, otherSignals))),
         "the verifier refuses another count");
  const r = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
  const aliased = [...signals];
  aliased[3] = (BigInt(aliased[3]) + r).toString();
  expect(!isTrue(await call(verifierAddress, verifier, verifySig, args(proofWords, aliased))),
         "the verifier refuses a signal not below r");

  const submitSig = "submitAggregate(uint256[8],uint256[4])";
  const submitted = await call(rootsAddress, roots, submitSig, args(proofWords, signals));
  expect(!submitted.reverted, `the slot's aggregate is accepted (${submitted.gas} gas, ${submitted.calldata} more for calldata)`);
  expect((await call(rootsAddress, roots, submitSig, args(proofWords, signals))).reverted, "a replay of the slot reverts");

  const inclusionSig = "verifyInclusion(uint256,bytes32,uint256[],uint256,bytes32[])";
  const inclusionArgs = (entry, change = {}) => {
    const inputs = change.inputs ?? entry.public_inputs;
    const siblings = change.siblings ?? entry.siblings;
    const head = [inclusion.slot, change.vk_hash ?? entry.vk_hash, 5 * 32, change.index ?? entry.index,
                  5 * 32 + 32 * (1 + inputs.length)];
    return [...head, inputs.length, ...inputs, siblings.length, ...siblings].map(word).join("");
  };
  const leafSig = "verifyLeaf(uint256,bytes32,uint256,bytes32[])";
  const leafArgs = (entry) => [inclusion.slot, entry.leaf, entry.index, 4 * 32, entry.siblings.length, ...entry.siblings]
    .map(word).join("");
  let inclusionGas = 0, inclusionCalldata = 0, leafGas = 0, leafCalldata = 0;
  for (const entry of inclusion.proofs) {
    const checked = await call(rootsAddress, roots, inclusionSig, inclusionArgs(entry));
    const leafChecked = await call(rootsAddress, roots, leafSig, leafArgs(entry));
    if (!isTrue(checked) || !isTrue(leafChecked)) expect(false, `proof ${entry.index}'s inclusion is accepted`);
    inclusionGas = Math.max(inclusionGas, checked.gas);
    inclusionCalldata = Math.max(inclusionCalldata, checked.calldata);
    leafGas = Math.max(leafGas, leafChecked.gas);
    leafCalldata = Math.max(leafCalldata, leafChecked.calldata);
  }
  expect(true, `every included proof's path is accepted (${inclusion.proofs.length} of them, at most ${inclusionGas} gas ` +
               `from its key and inputs, ${leafGas} from its leaf)`);
  const entry = inclusion.proofs[inclusion.proofs.length - 1];
  const wrongSibling = [...entry.siblings];
  wrongSibling[0] = "0x" + word(BigInt(wrongSibling[0]) ^ 1n);
  const refusals = {
    "a wrong sibling": { siblings: wrongSibling },
    "a wrong index": { index: entry.index ^ 1 },
    "an index past the path": { index: entry.index + (1 << entry.siblings.length) },
    "another vk_hash": { vk_hash: "0x" + word(BigInt(entry.vk_hash) ^ 1n) },
    "another public input": { inputs: [(BigInt(entry.public_inputs[0]) + 1n).toString(), ...entry.public_inputs.slice(1)] },
  };
  for (const [what, change] of Object.entries(refusals)) {
    expect(!isTrue(await call(rootsAddress, roots, inclusionSig, inclusionArgs(entry, change))), `${what} is refused`);
  }
  // Paths of every length, odd and even: the level-k node on entry's path, folded
  // here, is leaf index >> k of the tree above level k.
  let node = entry.leaf;
  for (let k = 0; k <= entry.siblings.length; k++) {
    const rest = entry.siblings.slice(k);
    const data = [inclusion.slot, node, entry.index >> k, 4 * 32, rest.length, ...rest].map(word).join("");
    if (!isTrue(await call(rootsAddress, roots, leafSig, data))) expect(false, `the path from level ${k} is accepted`);
    if (k === entry.siblings.length) break;
    const pair = (entry.index >> k) & 1 ? [entry.siblings[k], node] : [node, entry.siblings[k]];
    node = "0x" + createHash("sha256").update(Buffer.from(pair.map(word).join(""), "hex")).digest("hex");
  }
  expect(BigInt(node) === (BigInt(signals[0]) << 128n | BigInt(signals[1])), "paths of every length, 0 to " +
         `${entry.siblings.length}, are accepted from their level's node`);
  const slotWord = word(inclusion.slot);
  const rootOf = await call(rootsAddress, roots, "rootOf(uint256)", slotWord);
  expect(BigInt(rootOf.ret) === (BigInt(signals[0]) << 128n | BigInt(signals[1])), "rootOf gives the slot's root");
  expect(BigInt((await call(rootsAddress, roots, "rootOf(uint256)", word(BigInt(inclusion.slot) + 1n))).ret) === 0n,
         "rootOf gives zero for a slot not aggregated");
  const otherSlot = leafArgs(entry).replace(slotWord, word(BigInt(inclusion.slot) + 1n));
  expect(!isTrue(await call(rootsAddress, roots, leafSig, otherSlot)), "a path under another slot is refused");
  // The hand-decoded checks take their standard encoding only.
  const leafData = leafArgs(entry);
  const atWord = (hex, i, value) => hex.slice(0, 64 * i) + word(value) + hex.slice(64 * (i + 1));
  const malformed = {
    "verifyLeaf with a word after its path": [leafSig, leafData + word(0)],
    "verifyLeaf with a path shorter than its length": [leafSig, leafData.slice(0, -64)],
    "verifyLeaf with its path elsewhere than after the head": [leafSig, atWord(leafData, 3, 5 * 32).slice(0, 4 * 64) +
                                                               word(0) + leafData.slice(4 * 64)],
    "verifyLeaf with a length that wraps": [leafSig, atWord(leafData, 4, (1n << 251n) + BigInt(entry.siblings.length))],
    "verifyInclusion with a word after its path": [inclusionSig, inclusionArgs(entry) + word(0)],
    "verifyInclusion with its inputs elsewhere": [inclusionSig, atWord(inclusionArgs(entry), 2, 6 * 32)],
    "verifyInclusion with an input count that wraps": [inclusionSig, atWord(inclusionArgs(entry), 5,
                                                       (1n << 251n) + BigInt(entry.public_inputs.length))],
  };
  for (const [what, [sig, data]] of Object.entries(malformed)) {
    const r = await call(rootsAddress, roots, sig, data);
    expect(r.reverted || !isTrue(r), `${what} is refused`);
  }
  expect((await callData(rootsAddress, "0xdeadbeef" + leafData)).reverted, "an unknown function reverts");

  const n = inclusion.count;
  const perProof = (gas, calldata) => `${Math.round(submitted.gas / n + gas)} ` +
    `(${Math.round((submitted.gas + submitted.calldata) / n + gas + calldata)} with calldata)`;
  console.log(`gas (execution, as in a transaction: precompiles warm, storage cold): aggregate verification ` +
              `${submitted.gas} (+${submitted.calldata} calldata); at depth ${entry.siblings.length}, inclusion ` +
              `check from the leaf ${leafGas} (+${leafCalldata}), from key and inputs ${inclusionGas} ` +
              `(+${inclusionCalldata}); per proof at n = ${n}: ${perProof(leafGas, leafCalldata)} from the leaf, ` +
              `${perProof(inclusionGas, inclusionCalldata)} from key and inputs`);
} catch (e) {
  console.log(`FAIL ${e.stack ?? e}`);
  failures++;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);

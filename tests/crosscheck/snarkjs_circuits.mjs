// snarkjs 0.7.6 (npm) reads what proofagg's circuit builder writes:
//  - `snarkjs r1cs info` reads each .r1cs with the counts the builder reports;
//  - `snarkjs wtns check` accepts each witness and rejects it with one value changed;
//  - snarkjs makes a Groth16 key from the .r1cs (fixture ptau), proves with the
//    builder's witness and verifies the proof.
// Usage: node snarkjs_circuits.mjs PATH/TO/circuit_files SHARED_DIR
// Exit 0: all agree; 1: a disagreement; 77: snarkjs not installed (skipped).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireOrSkip } from "./require_or_skip.mjs";

const snarkjs = requireOrSkip("snarkjs");

const [writer, shared] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), "proofagg-circuits-"));
const quiet = { info() {}, warn() {}, debug() {}, error(m) { console.error(m); } };
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok" : "DISAGREES"}: ${what}`);
  if (!ok) failures++;
};
try {
  execFileSync(writer, [work]);
  const manifest = JSON.parse(readFileSync(join(work, "manifest.json"), "utf8"));
  for (const [name, counts] of Object.entries(manifest)) {
    const r1cs = join(work, `${name}.r1cs`);
    const info = await snarkjs.r1cs.info(r1cs, quiet);
    check(info.nVars === counts.wires && info.nConstraints === counts.constraints &&
          info.nPubInputs + info.nOutputs === counts.public_inputs && info.nPrvInputs === counts.private_inputs,
          `${name}: r1cs info reads ${info.nVars} wires, ${info.nConstraints} constraints, ` +
          `${info.nPubInputs + info.nOutputs} public, ${info.nPrvInputs} private inputs`);
    check(await snarkjs.wtns.check(r1cs, join(work, `${name}.wtns`), quiet), `${name}: wtns check accepts the witness`);
    check(!(await snarkjs.wtns.check(r1cs, join(work, `${name}_broken.wtns`), quiet)),
          `${name}: wtns check rejects the witness with one value changed`);
    const zkey = join(work, `${name}.zkey`);
    await snarkjs.zKey.newZKey(r1cs, join(shared, "fixtures", "snarkjs", "pot12_final.ptau"), zkey, quiet);
    const vk = await snarkjs.zKey.exportVerificationKey(zkey, quiet);
    const { proof, publicSignals } = await snarkjs.groth16.prove(zkey, join(work, `${name}.wtns`), quiet);
    check(await snarkjs.groth16.verify(vk, publicSignals, proof, quiet), `${name}: snarkjs proves and verifies`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures > 0) process.exit(1);
// Closing line for CI's test-count readers.
console.log("snarkjs circuits: all agree");
process.exit(0);

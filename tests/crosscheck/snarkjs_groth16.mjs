// snarkjs 0.7.6 (npm) judges proofagg's Groth16 output:
//  - for every fixture circuit, `proofagg prove` makes a proof from snarkjs's .zkey and
//    .wtns; snarkjs.groth16.verify must accept it, and reject it with a changed signal;
//  - `proofagg setup` makes keys from the fixture .r1cs (from the fixture .ptau, and
//    with --development); snarkjs must prove with each .zkey and accept the proof
//    under proofagg's verification key, and `proofagg verify` must accept it.
// Usage: node snarkjs_groth16.mjs PATH/TO/proofagg SHARED_DIR
// Exit 0: all agree; 1: a disagreement; 77: snarkjs not installed (skipped).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireOrSkip } from "./require_or_skip.mjs";

const snarkjs = requireOrSkip("snarkjs");

const [cli, shared] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), "proofagg-snarkjs-"));
let failures = 0;
try {
  for (const circuit of ["multiplier", "poseidon_preimage", "poseidon_chain"]) {
    const dir = join(shared, "fixtures", "snarkjs", circuit);
    const vk = JSON.parse(readFileSync(join(dir, "verification_key.json"), "utf8"));
    for (const i of [0, 1]) {
      const proofPath = join(work, `${circuit}_${i}_proof.json`);
      const publicPath = join(work, `${circuit}_${i}_public.json`);
      execFileSync(cli, ["prove", "--backend", "cpu", "--zkey", join(dir, `${circuit}.zkey`),
                         "--wtns", join(dir, `witness_${i}.wtns`), "--proof", proofPath, "--public", publicPath]);
      const proof = JSON.parse(readFileSync(proofPath, "utf8"));
      const signals = JSON.parse(readFileSync(publicPath, "utf8"));
      const accepted = await snarkjs.groth16.verify(vk, signals, proof);
      const tampered = [...signals];
      tampered[0] = (BigInt(tampered[0]) + 1n).toString();
      const rejected = !(await snarkjs.groth16.verify(vk, tampered, proof));
      console.log(`${circuit} witness_${i}: snarkjs ${accepted ? "accepts" : "REJECTS"} proofagg's proof, ` +
                  `${rejected ? "rejects" : "ACCEPTS"} it with a changed public signal`);
      if (!accepted || !rejected) failures++;
    }
  }
  const ptau = join(shared, "fixtures", "snarkjs", "pot12_final.ptau");
  for (const [circuit, mode] of [["multiplier", "--development"], ["poseidon_preimage", "--development"],
                                 ["multiplier", "--ptau"], ["poseidon_preimage", "--ptau"]]) {
    const dir = join(shared, "fixtures", "snarkjs", circuit);
    const zkey = join(work, `${circuit}_${mode.slice(2)}.zkey`);
    const vkPath = join(work, `${circuit}_${mode.slice(2)}_vk.json`);
    const keySource = mode === "--ptau" ? ["--ptau", ptau] : ["--development"];
    execFileSync(cli, ["setup", ...keySource, "--r1cs", join(dir, `${circuit}.r1cs`), "--zkey", zkey, "--vk", vkPath],
                 { stdio: ["ignore", "ignore", "ignore"] });
    const { proof, publicSignals } = await snarkjs.groth16.prove(zkey, join(dir, "witness_0.wtns"));
    const vk = JSON.parse(readFileSync(vkPath, "utf8"));
    const accepted = await snarkjs.groth16.verify(vk, publicSignals, proof);
    const proofPath = join(work, `${circuit}_snarkjs_proof.json`);
    const publicPath = join(work, `${circuit}_snarkjs_public.json`);
    writeFileSync(proofPath, JSON.stringify(proof));
    writeFileSync(publicPath, JSON.stringify(publicSignals));
    let ours = true;
    try {
      execFileSync(cli, ["verify", "--vk", vkPath, "--proof", proofPath, "--public", publicPath]);
    } catch {
      ours = false;
    }
    console.log(`${circuit} (setup ${mode}): snarkjs proves with proofagg's zkey; snarkjs ${accepted ? "accepts" : "REJECTS"}` +
                ` the proof under proofagg's key, proofagg ${ours ? "accepts" : "REJECTS"} it`);
    if (!accepted || !ours) failures++;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
// snarkjs leaves worker threads behind; exit explicitly.
process.exit(failures === 0 ? 0 : 1);

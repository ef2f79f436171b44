// Differential test: `proofagg precompile` against ffjavascript (the arithmetic
// snarkjs uses, written independently of proofagg) on fresh random inputs.
// Usage: node ffjavascript_precompile.mjs PATH/TO/proofagg [cases]
// Exit 0: all agree; 1: a mismatch; 77: ffjavascript not installed (skipped).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { requireOrSkip } from "./require_or_skip.mjs";

const ffjs = requireOrSkip("ffjavascript");
const { buildBn128, Scalar } = ffjs;

const cli = process.argv[2];
const cases = Number(process.argv[3] ?? 8);
const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const curve = await buildBn128(true);  // single-threaded: nothing to tear down
const { G1, G2 } = curve;
const r = BigInt(curve.r.toString());

const word = (v) => v.toString(16).padStart(64, "0");
const randomBigInt = (bytes) => BigInt("0x" + randomBytes(bytes).toString("hex"));
const scalarBytes = (s) => {
  const b = new Uint8Array(32);
  Scalar.toRprLE(b, 0, Scalar.e(s.toString()), 32);
  return b;
};
const g1Hex = (p) => {
  if (G1.isZero(p)) return word(0n) + word(0n);
  const [x, y] = G1.toObject(G1.toAffine(p));
  return word(BigInt(x)) + word(BigInt(y));
};
// EIP-197 order: x_imag, x_real, y_imag, y_real.
const g2Hex = (q) => {
  const [[x0, x1], [y0, y1]] = G2.toObject(G2.toAffine(q));
  return [x1, x0, y1, y0].map((v) => word(BigInt(v))).join("");
};
const run = (op, hex) =>
  execFileSync(cli, ["precompile", op, hex], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

let failures = 0;
const expectEqual = (what, got, want) => {
  if (got !== want) {
    failures += 1;
    console.log(`MISMATCH ${what}\n  got:      ${got}\n  expected: ${want}`);
  }
};

for (let i = 0; i < cases; i++) {
  const a = randomBigInt(32) % r;
  const b = randomBigInt(32) % r;
  const pa = G1.timesScalar(G1.g, scalarBytes(a));
  const pb = G1.timesScalar(G1.g, scalarBytes(b));

  // ecAdd, including doubling and P + (-P).
  expectEqual(`ecAdd #${i}`, run("add", g1Hex(pa) + g1Hex(pb)), g1Hex(G1.add(pa, pb)));
  expectEqual(`ecAdd double #${i}`, run("add", g1Hex(pa) + g1Hex(pa)), g1Hex(G1.double(pa)));
  expectEqual(`ecAdd inverse #${i}`, run("add", g1Hex(pa) + g1Hex(G1.neg(pa))), word(0n) + word(0n));

  // ecMul with full 256-bit scalars (often >= r: the precompile reduces them).
  const s = randomBigInt(32);
  expectEqual(`ecMul #${i}`, run("mul", g1Hex(pa) + word(s)), g1Hex(G1.timesScalar(pa, scalarBytes(s % r))));

  // ecPairing on G2 points computed by ffjavascript:
  // e(aG1, bG2) e(-abG1, G2) = 1, and a perturbed product is not 1.
  const qb = G2.timesScalar(G2.g, scalarBytes(b));
  const ab = (a * b) % r;
  const negAb = G1.neg(G1.timesScalar(G1.g, scalarBytes(ab)));
  const balanced = g1Hex(pa) + g2Hex(qb) + g1Hex(negAb) + g2Hex(G2.g);
  expectEqual(`ecPairing balanced #${i}`, run("pairing", balanced), word(1n));
  const unbalanced = g1Hex(pa) + g2Hex(qb) + g1Hex(G1.add(negAb, G1.g)) + g2Hex(G2.g);
  expectEqual(`ecPairing unbalanced #${i}`, run("pairing", unbalanced), word(0n));
  // ffjavascript's own verdict on the same pairs.
  const ffjsBalanced = await curve.pairingEq(pa, qb, negAb, G2.g);
  expectEqual(`ffjavascript pairingEq #${i}`, String(ffjsBalanced), "true");
}

// Coordinates at or above p are refused (snarkjs would reduce them silently).
try {
  run("add", word(P) + word(0n));
  expectEqual("non-canonical coordinate", "accepted", "refused");
} catch (e) {
  expectEqual("non-canonical exit code", String(e.status), "1");
}

console.log(`${cases * 7 + 1 - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);

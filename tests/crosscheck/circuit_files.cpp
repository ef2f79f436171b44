// Writes circuits built with aggregator/circuit (plain and committed), with
// witnesses, for snarkjs to judge (tests/crosscheck/snarkjs_circuits.mjs): DIR/NAME.r1cs, DIR/NAME.wtns, a
// DIR/NAME_broken.wtns with one witness value changed, and DIR/manifest.json with
// each circuit's counts.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <string>

#include "aggregator/circuit/api.hpp"
#include "aggregator/circuit/std/fq.hpp"
#include "aggregator/groth16/r1cs.hpp"
#include "aggregator/groth16/wtns.hpp"

namespace {

using namespace proofagg;
using circuit::Builder;
using circuit::LC;
using circuit::Variable;
using ff::Fr;

// Every native gadget once: z = x y public, x's bits, is_zero, select, inverse.
void native_gadgets(Builder& b) {
  const Fr x = Fr::from_u64(123456789), y = Fr::from_u64(987654321);
  const Variable z = b.public_input(x * y);
  const Variable xv = b.private_input(x), yv = b.private_input(y);
  circuit::assert_equal(b, circuit::mul(b, xv, yv), z);
  circuit::range_check(b, xv, 32);
  const Variable zero = circuit::is_zero(b, LC(xv) - LC(xv));
  const Variable picked = circuit::select(b, zero, xv, yv);
  circuit::assert_equal(b, picked, xv);
  circuit::assert_equal(b, circuit::mul(b, yv, circuit::inverse(b, yv)), LC::constant(1));
}

// A committed circuit (one challenge, deferred checks, range lookups): a product in
// BN254's Fq, a canonical result and a 20-bit range check, so that snarkjs judges the
// lookup's and the deferred checks' constraints too. Its lookup chunk width is fixed
// (4 bits, a small table), as large circuits fix theirs, so hinted limbs are defined
// wires that the export expands into their chunks. (snarkjs proves it as a plain
// Groth16 circuit: this checks the system, not the commitment.)
void committed_fq(Builder& b) {
  b.set_lookup_chunk_bits(4);
  const ff::Fq a = ff::Fq::from_u64(0xfedcba9876543210ULL) * ff::Fq::from_u64(0x123456789abcdefULL);
  const ff::Fq c = a.square() + ff::Fq::one();
  const Variable x = b.public_input(Fr::from_u64(777));
  circuit::EmulatedFq fq(b);
  const circuit::FqVar av = fq.private_input(a), cv = fq.private_input(c);
  fq.assert_equal(fq.canonical(fq.add(fq.mul(av, av), fq.constant(ff::Fq::one()))), cv);
  circuit::range_check(b, x, 20);
}

bool write(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: circuit_files DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  nlohmann::json manifest = nlohmann::json::object();
  struct Circuit {
    const char* name;
    Builder::Arithmetic arithmetic;
    void (*define)(Builder&);
  };
  const Circuit circuits[] = {{"native_gadgets", Builder::Arithmetic::kPlain, native_gadgets},
                              {"committed_fq", Builder::Arithmetic::kCommitted, committed_fq}};
  for (const auto& [name, arithmetic, define] : circuits) {
    Builder b(Builder::Mode::kWitness, arithmetic);
    define(b);
    b.finalize();
    if (b.first_violation()) {
      std::cerr << name << ": the witness violates " << *b.first_violation() << "\n";
      return 1;
    }
    const auto r1cs = b.r1cs();
    std::vector<Fr> broken = b.witness();
    broken.back() = broken.back() + Fr::one();
    if (!write(dir + "/" + name + ".r1cs", groth16::write_r1cs(r1cs)) ||
        !write(dir + "/" + name + ".wtns", groth16::write_wtns(b.witness())) ||
        !write(dir + "/" + name + "_broken.wtns", groth16::write_wtns(broken))) {
      std::cerr << "cannot write under " << dir << "\n";
      return 1;
    }
    manifest[name] = {{"wires", r1cs.n_wires},
                      {"constraints", r1cs.constraints.size()},
                      {"public_inputs", r1cs.n_public_inputs},
                      {"private_inputs", r1cs.n_private_inputs}};
  }
  std::ofstream(dir + "/manifest.json") << manifest.dump(1) << "\n";
  return 0;
}

// The R1CS circuit builder: one description of a circuit yields its constraint
// system and, run with inputs, its witness. Circuits are C++ functions over a
// Builder: they declare inputs, add constraints <A, w> * <B, w> = <C, w> over linear
// combinations of wires, and compute the values that constraints then check with
// hints (native functions of other wires' values, run only when building a witness).
// A hint's output is unconstrained until a constraint pins it down: every gadget
// says which constraints make its hints sound.
//
// Wires are numbered as iden3's .r1cs expects (the constant 1, the public inputs in
// declaration order, the private inputs, then internal wires), so r1cs() and
// witness() export directly to the .r1cs/.wtns files snarkjs reads, and
// groth16::development_setup / prove work on them unchanged.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "aggregator/groth16/r1cs.hpp"
#include "kernels/ff/bn254.hpp"

namespace proofagg::circuit {

using ff::Fr;

// A wire. Variable{} is the constant-1 wire.
struct Variable {
  std::uint32_t id = 0;
  friend bool operator==(Variable, Variable) = default;
};

// sum_i k_i * v_i, the constant k_0 on the one-wire.
class LinearCombination {
 public:
  struct Term {
    std::uint32_t id;
    Fr coefficient;
  };

  LinearCombination() = default;
  LinearCombination(Variable v);        // NOLINT(google-explicit-constructor): 1 * v
  LinearCombination(const Fr& constant);  // NOLINT(google-explicit-constructor): constant * one
  static LinearCombination constant(std::uint64_t k) { return LinearCombination(Fr::from_u64(k)); }

  LinearCombination& operator+=(const LinearCombination& other);
  LinearCombination& operator-=(const LinearCombination& other);
  LinearCombination& operator*=(const Fr& k);
  friend LinearCombination operator+(LinearCombination a, const LinearCombination& b) { return a += b; }
  friend LinearCombination operator-(LinearCombination a, const LinearCombination& b) { return a -= b; }
  friend LinearCombination operator*(LinearCombination a, const Fr& k) { return a *= k; }
  friend LinearCombination operator*(const Fr& k, LinearCombination a) { return a *= k; }
  LinearCombination operator-() const { return LinearCombination(*this) *= -Fr::one(); }

  // Terms with equal wires merged and zero coefficients dropped, by wire id.
  std::vector<Term> normalized() const;
  // Replaces the terms with normalized(): for combinations built up over many steps
  // (a hash's linear layers), whose term lists would otherwise grow without bound.
  LinearCombination& compact();
  // Whether this is k * one for some k (then `constant_value` is k).
  bool is_constant() const;
  Fr constant_value() const;

 private:
  std::vector<Term> terms_;  // in insertion order; normalized() merges
};
using LC = LinearCombination;

// A native computation of witness values from other witness values.
using Hint = std::function<std::vector<Fr>(std::span<const Fr> inputs)>;

class Builder {
 public:
  enum class Mode {
    kConstraints,  // the constraint system only: inputs have no values, hints do not run
    kWitness,      // also every wire's value
  };
  explicit Builder(Mode mode) : mode_(mode) {}
  bool has_values() const { return mode_ == Mode::kWitness; }

  // Inputs; `value` is ignored in kConstraints mode.
  Variable public_input(const Fr& value = Fr::zero());
  Variable private_input(const Fr& value = Fr::zero());

  // `outputs` new internal wires computed by `hint` from the values of `inputs`
  // (zeros in kConstraints mode). The caller must constrain them.
  std::vector<Variable> hint(std::size_t outputs, std::span<const LC> inputs, const Hint& hint);
  Variable hint1(std::span<const LC> inputs, const std::function<Fr(std::span<const Fr>)>& hint);

  // <a> * <b> = <c>. In kWitness mode a violated constraint is remembered (see
  // first_violation): building goes on, so a test can ask which constraint failed.
  void constrain(const LC& a, const LC& b, const LC& c, const char* label = "");

  // The value of `lc` (kWitness mode; zero otherwise).
  Fr value(const LC& lc) const;

  std::size_t constraints() const { return constraints_.size(); }
  std::size_t wires() const { return kinds_.size() + 1; }
  std::size_t public_inputs() const { return publics_; }
  // The label of the first constraint the witness violates, if any (kWitness mode).
  const std::optional<std::string>& first_violation() const { return first_violation_; }

  // The system with iden3's wire order.
  groth16::R1cs r1cs() const;
  // The witness in the same order (kWitness mode): w[0] = 1, the public inputs, ...
  std::vector<Fr> witness() const;
  // Position of `v` in r1cs()/witness().
  std::uint32_t wire_of(Variable v) const;

 private:
  enum class Kind : std::uint8_t { kPublic, kPrivate, kInternal };
  Variable add_wire(Kind kind, const Fr& value);
  std::vector<std::uint32_t> wire_order() const;

  struct Constraint {
    LC a, b, c;
  };
  Mode mode_;
  std::vector<Kind> kinds_;   // of wires 1, 2, ... (id - 1)
  std::vector<Fr> values_;    // index = id; values_[0] = 1 (kWitness mode)
  std::size_t publics_ = 0;
  std::vector<Constraint> constraints_;
  std::optional<std::string> first_violation_;
};

}  // namespace proofagg::circuit

// Lagrange basis polynomials of the NTT domains, evaluated at a known point: what a
// setup that knows tau (development keys, development ceremonies) commits to.
#pragma once

#include <vector>

#include "kernels/ff/bn254.hpp"

namespace proofagg::groth16 {

// L_j(tau) for the domain <w> of size m, j = first, first + step, ...:
// L_j(x) = (x^m - 1) w^j / (m (x - w^j)).
std::vector<ff::Fr> lagrange_at(const ff::Fr& tau, std::size_t m, std::size_t first, std::size_t step,
                                std::size_t count);

}  // namespace proofagg::groth16

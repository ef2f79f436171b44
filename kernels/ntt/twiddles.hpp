// Process-wide twiddle factors, computed once per stage on first use and shared by
// every transform size: stage s holds w_{2^(s+1)}^j for j < 2^s, which is all a
// radix-2 butterfly with half-span h = 2^s needs, whatever the transform's size.
// Inverse twiddles need no table: w^-j = -w^(h-j) within a stage.
#pragma once

#include <span>

#include "kernels/ff/bn254.hpp"

namespace proofagg::ntt {

// w_{2^(s+1)}^j for j < 2^s; valid for the life of the process. s < kMaxLogSize.
std::span<const ff::Fr> twiddle_stage(int s);

// w^j for j in [0, out.size()), starting at `first` (= w^0 times a constant), in parallel.
void fill_powers(std::span<ff::Fr> out, const ff::Fr& first, const ff::Fr& w);

}  // namespace proofagg::ntt

// The CPU half of the NTT: cache-blocked radix-2/radix-4 passes on both cores.
#pragma once

#include <span>

#include "kernels/ntt/ntt.hpp"

namespace proofagg::ntt::cpu {

// One polynomial in place; size a power of two <= 2^kMaxLogSize (checked by the caller).
void transform(std::span<Fr> values, const NttOptions& options);

}  // namespace proofagg::ntt::cpu

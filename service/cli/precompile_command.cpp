#include "service/cli/precompile_command.hpp"

#include <ostream>

#include "aggregator/evm/precompile.hpp"
#include "kernels/core/hex.hpp"

namespace proofagg::cli {

int run_precompile(Precompile op, std::string_view hex_input, std::ostream& out, std::ostream& err) {
  Result<std::vector<std::uint8_t>> input = hex_decode(hex_input);
  if (!input) {
    err << "error: " << input.error() << '\n';
    return 1;
  }
  Result<std::vector<std::uint8_t>> output = [&] {
    switch (op) {
      case Precompile::kAdd:
        return evm::ec_add(*input);
      case Precompile::kMul:
        return evm::ec_mul(*input);
      case Precompile::kPairing:
        break;
    }
    return evm::ec_pairing(*input);
  }();
  if (!output) {
    err << "error: " << output.error() << '\n';
    return 1;
  }
  out << hex_encode(*output) << '\n';
  return 0;
}

}  // namespace proofagg::cli

#include "service/cli/aggregate_command.hpp"

#include <chrono>
#include <filesystem>
#include <ostream>

#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/recursion/aggregation.hpp"
#include "aggregator/solidity/export.hpp"
#include "kernels/core/hex.hpp"
#include "service/cli/verify_command.hpp"
#include "service/common/files.hpp"

namespace proofagg::cli {
namespace {

std::string hex_of(std::span<const std::uint8_t> bytes) { return "0x" + hex_encode(bytes); }

}  // namespace

int run_aggregation_keys(const AggregationKeysArgs& args, std::ostream& out, std::ostream& err) {
  const recursion::TreeShape shape{{args.leaf_capacity, args.max_public_inputs}, args.depth};
  const auto progress = [&](std::string_view circuit, std::size_t constraints) {
    out << "setting up the " << circuit << " circuit (" << constraints << " constraints)" << std::endl;
  };
  Result<recursion::AggregationKeys> keys = make_error("no key source");
  if (args.development == !args.ptau_path.empty()) {
    err << "give exactly one of --development and --ptau\n";
    return kExitMalformed;
  }
  if (args.development) {
    out << "DEVELOPMENT KEYS: the toxic waste is drawn in this process; never use them for slots anyone relies on\n";
    keys = recursion::development_keys(shape, progress);
  } else {
    const auto bytes = read_binary_file(args.ptau_path);
    if (!bytes) {
      err << bytes.error() << "\n";
      return kExitMalformed;
    }
    const auto ptau = groth16::PowersOfTau::parse(*bytes);
    if (!ptau) {
      err << args.ptau_path << ": " << ptau.error() << "\n";
      return kExitMalformed;
    }
    keys = recursion::keys_from_ptau(shape, *ptau, progress);
  }
  if (!keys) {
    err << keys.error() << "\n";
    return kExitMalformed;
  }
  std::error_code ec;
  std::filesystem::create_directories(args.out_dir, ec);
  const auto digest = recursion::write_key_files(*keys, [&](const std::string& name, std::span<const std::uint8_t> bytes) {
    return write_file((std::filesystem::path(args.out_dir) / name).string(), bytes);
  });
  if (!digest) {
    err << digest.error() << "\n";
    return kExitMalformed;
  }
  // The wrapper's key as snarkjs reads it, for `snarkjs groth16 verify` of the slots' proofs.
  const std::string vk_path = (std::filesystem::path(args.out_dir) / "verification_key.json").string();
  if (Status s = write_text_file(vk_path, groth16::snarkjs::format_verifying_key(keys->wrapper.verifying_key())); !s) {
    err << s.error() << "\n";
    return kExitMalformed;
  }
  out << "aggregation keys " << *digest << " in " << args.out_dir << " (the wrapper's verification_key.json beside)\n";
  return kExitValid;
}

int run_aggregate(const AggregateArgs& args, std::ostream& out, std::ostream& err) {
  const auto listed = read_proof_list(args.inputs_path);
  if (!listed) {
    err << listed.error() << "\n";
    return kExitMalformed;
  }
  if (listed->empty()) {
    err << args.inputs_path << ": no proofs listed\n";
    return kExitMalformed;
  }
  std::vector<groth16::BatchItem> batch;
  for (const ListedProof& p : *listed) {
    if (!p.problem.empty()) {
      err << "line " << p.line << " " << p.proof_path << ": malformed: " << p.problem << "; no aggregate written\n";
      return kExitMalformed;
    }
    batch.push_back({p.vk.get(), p.proof, p.inputs});
  }
  const std::vector<bool> valid = groth16::verify_batch(batch);
  for (std::size_t i = 0; i < listed->size(); ++i) {
    if (!valid[i]) {
      err << "line " << (*listed)[i].line << " " << (*listed)[i].proof_path
          << ": invalid (the proof does not verify); no aggregate written\n";
      return kExitInvalid;
    }
  }
  const auto keys = recursion::AggregationKeyFiles::open(file_reader(args.keys_dir));
  if (!keys) {
    err << args.keys_dir << ": " << keys.error() << "\n";
    return kExitMalformed;
  }
  const auto wrapper_key = (*keys)->verifying_key((*keys)->shape().wrapper_level());
  if (!wrapper_key) {
    err << args.keys_dir << ": " << wrapper_key.error() << "\n";
    return kExitMalformed;
  }
  std::vector<recursion::LeafInput> inputs;
  for (const ListedProof& p : *listed) inputs.push_back({&p.vk->key(), p.proof, p.inputs});
  const recursion::SlotAggregator aggregator(**keys);
  recursion::StageTimes times;
  const auto started = std::chrono::steady_clock::now();
  const auto aggregate = aggregator.aggregate(args.slot, inputs, &times);
  if (!aggregate) {
    err << aggregate.error() << "; no aggregate written\n";
    return kExitMalformed;
  }
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::error_code ec;
  std::filesystem::create_directories(args.out_dir, ec);
  const auto path = [&](const char* name) { return (std::filesystem::path(args.out_dir) / name).string(); };
  const auto signals = aggregate->statement().public_signals();
  for (const auto& [name, text] :
       {std::pair{"proof.json", groth16::snarkjs::format_proof(aggregate->proof)},
        std::pair{"public.json", groth16::snarkjs::format_public_signals(signals)},
        std::pair{"verification_key.json", groth16::snarkjs::format_verifying_key(*wrapper_key)},
        std::pair{"inclusion.json", recursion::inclusion_json(aggregate->commitment, aggregate->included)}}) {
    if (Status s = write_text_file(path(name), text); !s) {
      err << s.error() << "\n";
      return kExitMalformed;
    }
  }
  out << "slot " << args.slot << ": " << listed->size() << " proofs, root " << hex_of(aggregate->statement().root) << "\n"
      << "stages: leaves " << times.leaves << " s, nodes " << times.nodes << " s, wrapper " << times.wrapper
      << " s (witness generation " << times.witness << " s of them); total " << total << " s\n"
      << "wrote " << args.out_dir << "/{proof,public,verification_key,inclusion}.json\n";
  return kExitValid;
}

int run_export_solidity(const ExportSolidityArgs& args, std::ostream& out, std::ostream& err) {
  if (args.keys_dir.empty() == args.vk_path.empty()) {
    err << "give exactly one of --keys and --vk\n";
    return kExitMalformed;
  }
  Result<groth16::VerifyingKey> vk = make_error("no key");
  if (!args.vk_path.empty()) {
    const auto text = read_text_file(args.vk_path);
    if (!text) {
      err << text.error() << "\n";
      return kExitMalformed;
    }
    vk = groth16::snarkjs::parse_verifying_key(*text);
  } else {
    const auto keys = recursion::AggregationKeyFiles::open(file_reader(args.keys_dir));
    if (keys) vk = (*keys)->verifying_key((*keys)->shape().wrapper_level());
    else vk = keys.failure();
  }
  if (!vk) {
    err << (args.vk_path.empty() ? args.keys_dir : args.vk_path) << ": " << vk.error() << "\n";
    return kExitMalformed;
  }
  if (vk->commitment) {
    err << "a Solidity verifier needs a plain key (no commitment)\n";
    return kExitMalformed;
  }
  std::error_code ec;
  std::filesystem::create_directories(args.out_dir, ec);
  const auto path = [&](const char* name) { return (std::filesystem::path(args.out_dir) / name).string(); };
  for (const auto& [name, text] : {std::pair{"ProofaggVerifier.sol", solidity::groth16_verifier(*vk)},
                                   std::pair{"ProofaggSlotRoots.sol", solidity::slot_roots()}}) {
    if (Status s = write_text_file(path(name), text); !s) {
      err << s.error() << "\n";
      return kExitMalformed;
    }
  }
  out << "wrote " << args.out_dir << "/{ProofaggVerifier,ProofaggSlotRoots}.sol (" << vk->public_inputs()
      << " public signals)\n";
  return kExitValid;
}

}  // namespace proofagg::cli

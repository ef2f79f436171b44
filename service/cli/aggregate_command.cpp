#include "service/cli/aggregate_command.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <ostream>

#include "aggregator/commit/commitments.hpp"
#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/recursion/aggregation.hpp"
#include "kernels/core/hex.hpp"
#include "service/cli/verify_command.hpp"
#include "service/common/files.hpp"

namespace proofagg::cli {
namespace {

std::string hex_of(std::span<const std::uint8_t> bytes) { return "0x" + hex_encode(bytes); }

std::string inclusion_json(const std::vector<ListedProof>& proofs,
                           const recursion::SlotProof& aggregate) {
  nlohmann::ordered_json doc;
  doc["slot"] = aggregate.statement.slot;
  doc["root"] = hex_of(aggregate.statement.root);
  doc["count"] = aggregate.statement.count;
  doc["proofs"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < proofs.size(); ++i) {
    const Sha256Digest leaf = recursion::leaf_of({commit::vk_hash(proofs[i].vk->key()), proofs[i].inputs});
    nlohmann::ordered_json entry;
    entry["line"] = proofs[i].line;
    entry["proof"] = proofs[i].proof_path;
    entry["index"] = i;
    entry["leaf"] = hex_of(leaf);
    entry["siblings"] = nlohmann::ordered_json::array();
    for (const Sha256Digest& s : aggregate.inclusion_paths[i]) entry["siblings"].push_back(hex_of(s));
    doc["proofs"].push_back(entry);
  }
  return doc.dump(1);
}

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
  for (const recursion::KeyFile& f : recursion::key_files(*keys)) {
    if (Status s = write_file((std::filesystem::path(args.out_dir) / f.name).string(), f.bytes); !s) {
      err << s.error() << "\n";
      return kExitMalformed;
    }
  }
  out << "aggregation keys " << recursion::keys_digest(*keys) << " in " << args.out_dir << "\n";
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
  const auto keys = recursion::keys_from_files([&](const std::string& name) {
    return read_binary_file((std::filesystem::path(args.keys_dir) / name).string());
  });
  if (!keys) {
    err << args.keys_dir << ": " << keys.error() << "\n";
    return kExitMalformed;
  }
  std::vector<recursion::LeafInput> inputs;
  for (const ListedProof& p : *listed) inputs.push_back({&p.vk->key(), p.proof, p.inputs});
  const recursion::SlotAggregator aggregator(*keys);
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
  const auto signals = aggregate->statement.public_signals();
  for (const auto& [name, text] :
       {std::pair{"proof.json", groth16::snarkjs::format_proof(aggregate->proof)},
        std::pair{"public.json", groth16::snarkjs::format_public_signals(signals)},
        std::pair{"verification_key.json", groth16::snarkjs::format_verifying_key(aggregator.wrapper_key())},
        std::pair{"inclusion.json", inclusion_json(*listed, *aggregate)}}) {
    if (Status s = write_text_file(path(name), text); !s) {
      err << s.error() << "\n";
      return kExitMalformed;
    }
  }
  out << "slot " << args.slot << ": " << listed->size() << " proofs, root " << hex_of(aggregate->statement.root) << "\n"
      << "stages: leaves " << times.leaves << " s, nodes " << times.nodes << " s, wrapper " << times.wrapper
      << " s (witness generation " << times.witness << " s of them); total " << total << " s\n"
      << "wrote " << args.out_dir << "/{proof,public,verification_key,inclusion}.json\n";
  return kExitValid;
}

}  // namespace proofagg::cli

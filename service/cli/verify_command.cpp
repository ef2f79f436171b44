#include "service/cli/verify_command.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>
#include <vector>

#include "aggregator/groth16/snarkjs_json.hpp"
#include "aggregator/groth16/verifier.hpp"
#include "service/common/files.hpp"

namespace proofagg::cli {
namespace {

using groth16::PreparedVerifyingKey;

// Reads and parses one file, prefixing any error with its path.
template <class T, class Parser>
Result<T> load(const std::string& path, Parser parse) {
  const Result<std::string> text = read_text_file(path);
  if (!text) return text.failure();
  Result<T> value = parse(*text);
  if (!value) return make_error(path + ": " + value.error());
  return value;
}

Result<PreparedVerifyingKey> load_key(const std::string& path) {
  const auto vk = load<groth16::VerifyingKey>(path, groth16::snarkjs::parse_verifying_key);
  if (!vk) return vk.failure();
  return PreparedVerifyingKey(*vk);
}

struct Loaded {
  groth16::Proof proof;
  std::vector<ff::Fr> inputs;
};

Result<Loaded> load_proof(const std::string& proof_path, const std::string& public_path, const PreparedVerifyingKey& vk) {
  const auto proof = load<groth16::Proof>(proof_path, groth16::snarkjs::parse_proof);
  if (!proof) return proof.failure();
  auto inputs = load<std::vector<ff::Fr>>(public_path, [](std::string_view text) { return groth16::snarkjs::parse_public_signals(text); });
  if (!inputs) return inputs.failure();
  if (inputs->size() != vk.key().public_inputs()) {
    return make_error(public_path + ": the key expects " + std::to_string(vk.key().public_inputs()) +
                      " public signals, got " + std::to_string(inputs->size()));
  }
  return Loaded{*proof, std::move(*inputs)};
}

}  // namespace

int run_verify(const std::string& vk_path, const std::string& proof_path, const std::string& public_path,
               std::ostream& out, std::ostream& err) {
  const Result<PreparedVerifyingKey> vk = load_key(vk_path);
  if (!vk) {
    err << vk.error() << "\n";
    return kExitMalformed;
  }
  const Result<Loaded> loaded = load_proof(proof_path, public_path, *vk);
  if (!loaded) {
    err << loaded.error() << "\n";
    return kExitMalformed;
  }
  const bool valid = *groth16::verify(*vk, loaded->proof, loaded->inputs);
  out << (valid ? "valid" : "invalid") << "\n";
  return valid ? kExitValid : kExitInvalid;
}

Result<std::vector<ListedProof>> read_proof_list(const std::string& list_path) {
  const Result<std::string> list = read_text_file(list_path);
  if (!list) return list.failure();
  const std::filesystem::path base = std::filesystem::path(list_path).parent_path();
  const auto resolve = [&](const std::string& p) { return (base / p).string(); };
  std::vector<ListedProof> entries;
  std::map<std::string, Result<std::shared_ptr<const PreparedVerifyingKey>>> keys;  // loaded once per path
  std::istringstream lines(*list);
  std::string text;
  for (int line = 1; std::getline(lines, text); ++line) {
    std::istringstream fields(text);
    std::string vk_path, proof_path, public_path, extra;
    if (!(fields >> vk_path) || vk_path.front() == '#') continue;
    ListedProof& e = entries.emplace_back();
    e.line = line;
    if (!(fields >> proof_path >> public_path) || (fields >> extra)) {
      e.proof_path = proof_path.empty() ? vk_path : proof_path;
      e.problem = "expected three paths: VK PROOF PUBLIC";
      continue;
    }
    e.proof_path = proof_path;  // reported as written
    auto key = keys.find(resolve(vk_path));
    if (key == keys.end()) {
      auto loaded = load_key(resolve(vk_path));
      Result<std::shared_ptr<const PreparedVerifyingKey>> shared =
          loaded ? Result<std::shared_ptr<const PreparedVerifyingKey>>(std::make_shared<const PreparedVerifyingKey>(std::move(*loaded)))
                 : Result<std::shared_ptr<const PreparedVerifyingKey>>(loaded.failure());
      key = keys.emplace(resolve(vk_path), std::move(shared)).first;
    }
    if (!key->second) {
      e.problem = key->second.error();
    } else if (Result<Loaded> loaded = load_proof(resolve(proof_path), resolve(public_path), **key->second); !loaded) {
      e.problem = loaded.error();
    } else {
      e.vk = *key->second;
      e.proof = loaded->proof;
      e.inputs = std::move(loaded->inputs);
    }
  }
  return entries;
}

int run_verify_batch(const std::string& list_path, std::ostream& out, std::ostream& err) {
  const auto entries = read_proof_list(list_path);
  if (!entries) {
    err << entries.error() << "\n";
    return kExitMalformed;
  }
  std::vector<groth16::BatchItem> batch;
  for (const ListedProof& e : *entries) {
    if (e.problem.empty()) batch.push_back({e.vk.get(), e.proof, e.inputs});
  }
  const std::vector<bool> valid = groth16::verify_batch(batch);
  int worst = kExitValid;
  std::size_t index = 0;
  for (const ListedProof& e : *entries) {
    out << e.line << " " << e.proof_path << ": ";
    if (!e.problem.empty()) {
      out << "malformed: " << e.problem << "\n";
      worst = kExitMalformed;
    } else if (valid[index++]) {
      out << "valid\n";
    } else {
      out << "invalid\n";
      worst = std::max(worst, kExitInvalid);
    }
  }
  return worst;
}

}  // namespace proofagg::cli

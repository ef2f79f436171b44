#include "service/common/files.hpp"

#include <fstream>
#include <iterator>
#include <sstream>

namespace proofagg {

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

Result<std::vector<std::uint8_t>> read_binary_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot read " + path);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

Status write_file(const std::string& path, std::span<const std::uint8_t> bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!file) return make_error("cannot write " + path);
  return {};
}

Status write_text_file(const std::string& path, const std::string& text) {
  const std::string line = text + "\n";
  return write_file(path, std::span(reinterpret_cast<const std::uint8_t*>(line.data()), line.size()));
}

}  // namespace proofagg

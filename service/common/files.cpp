#include "service/common/files.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace proofagg {
namespace {

// Opens `path` for reading; a directory or a file that cannot be opened is an error
// naming it (an ifstream "opens" a directory and then reads nothing).
Result<std::ifstream> open_for_reading(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return make_error("cannot read " + path + ": it is a directory");
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    const bool exists = std::filesystem::exists(path, ec);
    return make_error("cannot read " + path + (exists ? ": permission denied or unreadable" : ": no such file"),
                      exists ? ErrorKind::kPermissionDenied : ErrorKind::kNotFound);
  }
  return file;
}

}  // namespace

Result<std::vector<std::uint8_t>> read_binary_file(const std::string& path) {
  auto file = open_for_reading(path);
  if (!file) return file.failure();
  std::vector<std::uint8_t> bytes(std::istreambuf_iterator<char>(*file), std::istreambuf_iterator<char>{});
  if (file->bad()) return make_error("cannot read " + path + ": read error", ErrorKind::kUnavailable);
  return bytes;
}

Result<std::string> read_text_file(const std::string& path) {
  auto file = open_for_reading(path);
  if (!file) return file.failure();
  std::string text(std::istreambuf_iterator<char>(*file), std::istreambuf_iterator<char>{});
  if (file->bad()) return make_error("cannot read " + path + ": read error", ErrorKind::kUnavailable);
  if (!is_utf8(text)) return make_error(path + " is not UTF-8 text (a binary file where text was expected?)");
  return text;
}

Status write_file(const std::string& path, std::span<const std::uint8_t> bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!file) return make_error("cannot write " + path, ErrorKind::kUnavailable);
  return {};
}

Status write_text_file(const std::string& path, const std::string& text) {
  const std::string line = text + "\n";
  return write_file(path, std::span(reinterpret_cast<const std::uint8_t*>(line.data()), line.size()));
}

bool is_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;  // the second byte's range (RFC 3629, section 4)
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // no overlong forms
      if (c == 0xED) high = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;  // at most U+10FFFF
    } else {
      return false;
    }
    if (i + length > n || p[i + 1] < low || p[i + 1] > high) return false;
    for (std::size_t k = 2; k < length; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    }
    i += length;
  }
  return true;
}

std::function<Result<std::vector<std::uint8_t>>(const std::string&)> file_reader(std::string directory) {
  return [directory = std::move(directory)](const std::string& name) {
    return read_binary_file((std::filesystem::path(directory) / name).string());
  };
}

}  // namespace proofagg

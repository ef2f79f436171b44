// open_store: picks the backend from the URL's scheme.
#include <algorithm>
#include <cctype>
#include <string_view>

#include "service/store/job_store.hpp"

namespace proofagg::store {

Result<std::unique_ptr<JobStore>> open_store(const std::string& url) {
  const std::string_view u = url;
  if (u.empty()) return make_error("store: empty store URL (use sqlite:PATH, a file path, or postgresql://...)");
  // libpq parses these URLs itself (user, password, host, port, dbname, ?params).
  if (u.starts_with("postgresql://") || u.starts_with("postgres://")) return open_postgres_store(url);
  if (u.starts_with("sqlite:")) {
    const std::string path(u.substr(7));
    if (path.empty()) return make_error("store: \"sqlite:\" needs a path: sqlite:PATH or sqlite::memory:");
    return open_sqlite_store(path);
  }
  // Anything that looks like "scheme:..." is a URL this build cannot serve, not a
  // file name; ":memory:" and paths (no scheme-like prefix) are SQLite files.
  const std::size_t colon = u.find(':');
  const bool has_scheme =
      colon != std::string_view::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(u[0])) &&
      u.substr(0, colon).find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") ==
          std::string_view::npos;
  if (has_scheme) {
    return make_error("store: unsupported store URL scheme \"" + std::string(u.substr(0, colon)) + "\"" +
                      " (use sqlite:PATH, a file path, or postgresql://...)");
  }
  return open_sqlite_store(url);
}

namespace {

constexpr std::string_view kHidden = "***";

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Replaces the value of every "password=" keyword (libpq's key = value form, with
// optional spaces and single quotes) or query parameter ("&password=...").
std::string redact_password_values(std::string text) {
  constexpr std::string_view kKey = "password";
  for (std::size_t at = 0; at + kKey.size() <= text.size(); ++at) {
    if (!iequals(std::string_view(text).substr(at, kKey.size()), kKey)) continue;
    const bool starts_word = at == 0 || text[at - 1] == ' ' || text[at - 1] == '?' || text[at - 1] == '&';
    std::size_t eq = at + kKey.size();
    while (eq < text.size() && text[eq] == ' ') ++eq;
    if (!starts_word || eq >= text.size() || text[eq] != '=') continue;
    std::size_t begin = eq + 1;
    while (begin < text.size() && text[begin] == ' ') ++begin;
    std::size_t end = begin;
    if (end < text.size() && text[end] == '\'') {  // quoted: up to the closing quote, \' escapes one
      for (++end; end < text.size() && text[end] != '\''; ++end) {
        if (text[end] == '\\') ++end;
      }
      end = std::min(end + 1, text.size());
    } else {
      while (end < text.size() && text[end] != ' ' && text[end] != '&') ++end;
    }
    text.replace(begin, end - begin, kHidden);
    at = begin + kHidden.size() - 1;
  }
  return text;
}

}  // namespace

std::string redact_credentials(std::string_view url) {
  std::string text(url);
  // scheme://user:password@host...: the userinfo ends at the last '@' before the path.
  if (const std::size_t scheme = text.find("://"); scheme != std::string::npos) {
    const std::size_t authority = scheme + 3;
    const std::size_t path = std::min(text.find_first_of("/?#", authority), text.size());
    const std::size_t at = text.rfind('@', path);
    if (at != std::string::npos && at >= authority) {
      const std::size_t colon = text.find(':', authority);
      if (colon < at) text.replace(colon + 1, at - colon - 1, kHidden);
    }
  }
  return redact_password_values(std::move(text));
}

}  // namespace proofagg::store

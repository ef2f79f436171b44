// open_store: picks the backend from the URL's scheme.
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

}  // namespace proofagg::store

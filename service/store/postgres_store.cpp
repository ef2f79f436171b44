// The shared backend: PostgreSQL through libpq, for several server processes on one
// database. Claims use row locks (FOR UPDATE SKIP LOCKED) and ON CONFLICT, so
// processes never hand out a job or a slot twice. Every write commits before the call
// returns; with the server's default synchronous_commit=on that commit is on disk.
//
// Threads: a store keeps a small pool of connections (at most kMaxConnections), one
// per concurrent call, so intake threads do not queue behind a slot close. A
// connection found broken when taken from the pool is reset once (PQreset); one that
// breaks during a call fails that call, never silently continues it on a new session.
#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <variant>
#include <vector>

#include "service/store/job_store.hpp"
#include "service/store/sql_store.hpp"

namespace proofagg::store {
namespace {

constexpr std::size_t kMaxConnections = 4;

// Type OIDs (catalog/pg_type_d.h is a server header; these numbers are fixed).
constexpr Oid kBool = 16, kBytea = 17, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kOid = 26,
              kBpchar = 1042, kVarchar = 1043;

struct FinishConn {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ClearResult {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, FinishConn>;
using PgResult = std::unique_ptr<PGresult, ClearResult>;


// libpq's messages end in newlines and may span indented lines; the store's are one
// line, its former lines joined by "; ".
std::string one_line(std::string_view text) {
  std::string out;
  bool line_start = false;
  for (char c : text) {
    if (c == '\n') {
      line_start = true;
      continue;
    }
    if (c == '\t' || c == '\r') c = ' ';
    if (line_start) {
      if (c == ' ') continue;
      if (!out.empty()) out += "; ";
      line_start = false;
    }
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string connection_error(PGconn* c) { return one_line(c != nullptr ? PQerrorMessage(c) : "out of memory"); }

std::string result_error(PGconn* c, const PGresult* r) {
  const char* primary = r != nullptr ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (primary == nullptr) return connection_error(c);
  std::string message = primary;
  if (const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL)) message += std::string(" (") + detail + ")";
  return one_line(message);
}

std::int64_t big_endian(const char* p, int size) {
  std::uint64_t v = 0;
  for (int i = 0; i < size; ++i) v = (v << 8) | static_cast<std::uint8_t>(p[i]);
  // Sign-extend the narrower integer types.
  if (size < 8 && size > 0 && (static_cast<std::uint8_t>(p[0]) & 0x80) != 0) v |= ~std::uint64_t{0} << (8 * size);
  return static_cast<std::int64_t>(v);
}

class PgSession final : public sql::Session {
 public:
  explicit PgSession(Conn conn) : conn_(std::move(conn)) {}

  PGconn* conn() const { return conn_.get(); }

  Result<sql::Table> execute(std::string_view text, std::span<const sql::Param> params) override {
    // Parameters travel in binary: no quoting, no escaping, bytea as raw bytes.
    const std::size_t n = params.size();
    std::vector<Oid> types(n, 0);
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 1);
    std::vector<std::array<char, 8>> integers(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, sql::Null>) {
              values[i] = nullptr;  // the server infers the type from the context
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              const auto u = static_cast<std::uint64_t>(v);
              for (int b = 0; b < 8; ++b) integers[i][b] = static_cast<char>(u >> (56 - 8 * b));
              types[i] = kInt8;
              values[i] = integers[i].data();
              lengths[i] = 8;
            } else if constexpr (std::is_same_v<T, std::string_view>) {
              types[i] = kText;
              values[i] = v.empty() ? "" : v.data();
              lengths[i] = static_cast<int>(v.size());
            } else {
              types[i] = kBytea;
              values[i] = v.empty() ? "" : reinterpret_cast<const char*>(v.data());
              lengths[i] = static_cast<int>(v.size());
            }
          },
          params[i]);
    }
    const std::string query(text);
    PgResult r(PQexecParams(conn_.get(), query.c_str(), static_cast<int>(n), types.data(), values.data(),
                            lengths.data(), formats.data(), /*resultFormat=*/1));
    const ExecStatusType status = r != nullptr ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return make_error(result_error(conn_.get(), r.get()));

    sql::Table table;
    table.columns = static_cast<std::size_t>(PQnfields(r.get()));
    const int rows = PQntuples(r.get());
    for (int row = 0; row < rows; ++row) {
      for (int c = 0; c < static_cast<int>(table.columns); ++c) {
        auto cell = decode(r.get(), row, c);
        if (!cell) return cell.failure();
        table.cells.push_back(std::move(*cell));
      }
    }
    const std::string_view tuples = PQcmdTuples(r.get());
    // Empty for commands without a count (BEGIN, COMMIT): stays 0.
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), table.affected);
    return table;
  }

 private:
  static Result<sql::Cell> decode(const PGresult* r, int row, int c) {
    if (PQgetisnull(r, row, c)) return sql::Cell(std::monostate{});
    const char* p = PQgetvalue(r, row, c);
    const int size = PQgetlength(r, row, c);
    switch (PQftype(r, c)) {
      case kInt8:
      case kInt4:
      case kInt2:
      case kOid:
      case kBool:
        return sql::Cell(big_endian(p, size));
      case kText:
      case kVarchar:
      case kBpchar:
      case kName:
        return sql::Cell(std::string(p, static_cast<std::size_t>(size)));
      case kBytea:
        return sql::Cell(std::vector<std::uint8_t>(p, p + size));
      default:
        return make_error("column " + std::string(PQfname(r, c)) + " has unsupported type OID " +
                          std::to_string(PQftype(r, c)));
    }
  }

  Conn conn_;
};

Result<Conn> connect(const std::string& conninfo) {
  Conn conn(PQconnectdb(conninfo.c_str()));
  // The message names the host or socket, never the password a conninfo may hold.
  if (conn == nullptr || PQstatus(conn.get()) != CONNECTION_OK) {
    return make_error("store: cannot connect to PostgreSQL: " + connection_error(conn.get()), ErrorKind::kUnavailable);
  }
  // CREATE ... IF NOT EXISTS and ROLLBACK outside a transaction send notices that
  // libpq would print on stderr.
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  return conn;
}

// Up to kMaxConnections sessions, opened on demand; a call waits for a free one.
class PgPool final : public sql::SessionSource {
 public:
  PgPool(std::string conninfo, Conn first) : conninfo_(std::move(conninfo)) {
    all_.push_back(std::make_unique<PgSession>(std::move(first)));
    idle_.push_back(all_.back().get());
  }

  Result<sql::SessionLease> acquire() override {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !idle_.empty() || all_.size() < kMaxConnections; });
    PgSession* session = nullptr;
    if (!idle_.empty()) {
      session = idle_.back();
      idle_.pop_back();
    } else {
      auto conn = connect(conninfo_);
      if (!conn) return conn.failure();
      all_.push_back(std::make_unique<PgSession>(std::move(*conn)));
      session = all_.back().get();
    }
    lock.unlock();
    // A connection that broke since its last use (server restart, network) gets one
    // reset; if that fails the call fails and the next one tries again.
    if (PQstatus(session->conn()) != CONNECTION_OK) {
      PQreset(session->conn());
      if (PQstatus(session->conn()) != CONNECTION_OK) {
        const std::string reason = connection_error(session->conn());
        release(session);
        return make_error("store: PostgreSQL connection lost: " + reason, ErrorKind::kUnavailable);
      }
    }
    return sql::SessionLease(*session, [this, session] { release(session); });
  }

 private:
  void release(PgSession* session) {
    // The store's transactions end before the lease does; should one not have (a
    // failed ROLLBACK), end it here so the next user starts clean.
    const PGTransactionStatusType t = PQtransactionStatus(session->conn());
    if (t == PQTRANS_INTRANS || t == PQTRANS_INERROR) PQclear(PQexec(session->conn(), "ROLLBACK"));
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(session);
    }
    cv_.notify_one();
  }

  std::string conninfo_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgSession>> all_;  // guarded by mutex_
  std::vector<PgSession*> idle_;                 // guarded by mutex_
};

}  // namespace

// A void result has no cell type the sessions decode, so the lock is taken in a subquery.
constexpr const char* kSchemaLock = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(8102099357864587111)) AS locked";

Result<std::unique_ptr<JobStore>> open_postgres_store(const std::string& conninfo) {
  auto conn = connect(conninfo);
  if (!conn) return conn.failure();
  // The advisory lock keeps processes that start together from racing on CREATE.
  const std::string script = "BEGIN;\n" + std::string(kSchemaLock) + ";\n" +
                             sql::schema({.bytes = "BYTEA", .integer = "BIGINT",
                                          .sequence = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"}) +
                             "COMMIT;\n";
  PgResult schema(PQexec(conn->get(), script.c_str()));
  if (schema == nullptr || PQresultStatus(schema.get()) != PGRES_COMMAND_OK) {
    return sql::failure("schema", result_error(conn->get(), schema.get()));
  }
  return sql::make_store(std::make_unique<PgPool>(conninfo, std::move(*conn)),
                         sql::Dialect{.begin = "BEGIN",
                                      .lock_claimed_rows = " FOR UPDATE SKIP LOCKED",
                                      .lock_rows = " FOR UPDATE",
                                      .schema_lock = kSchemaLock,
                                      .column_exists = "SELECT COUNT(*) FROM information_schema.columns WHERE "
                                                       "table_schema = current_schema() AND table_name::text = $1 AND "
                                                       "column_name::text = $2"});
}

}  // namespace proofagg::store

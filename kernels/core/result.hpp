// Status values for module borders: a value or a one-line reason with its kind,
// never an exception. The kind says what the caller can do about the failure (fix
// the input, retry later, report a bug); the service maps each kind to one gRPC code
// in one place (service/server/grpc_status.hpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace proofagg {

enum class ErrorKind {
  kInvalidArgument,     // the input is malformed or refused: fix it, do not retry as is
  kNotFound,            // no such key, job, file
  kAlreadyExists,       // someone else holds what the call would create
  kUnauthenticated,     // the caller did not say who it is (or said it wrongly)
  kPermissionDenied,    // the caller may not do this
  kResourceExhausted,   // a bound was reached: retry later or with less
  kFailedPrecondition,  // the system is not in a state that allows the call (e.g. a stored configuration differs)
  kUnavailable,         // a dependency (store, device) is down: retrying may succeed
  kInternal,            // a bug or an unexpected failure of ours
};

const char* error_kind_name(ErrorKind kind);

struct Error {
  std::string message;
  // Most failures at module borders are refusals of input; the others say so.
  ErrorKind kind = ErrorKind::kInvalidArgument;

  // The same failure with context in front of its message ("msm: " + message).
  Error prefixed(std::string_view context) const { return {std::string(context) + message, kind}; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const std::string& error() const { return std::get<Error>(state_).message; }
  ErrorKind error_kind() const { return std::get<Error>(state_).kind; }
  // The whole failure, kind included, to pass on.
  const Error& failure() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result<void> equivalent.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const std::string& error() const { return error_.message; }
  ErrorKind error_kind() const { return error_.kind; }
  const Error& failure() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

inline Error make_error(std::string message, ErrorKind kind = ErrorKind::kInvalidArgument) {
  return Error{std::move(message), kind};
}

inline const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return "invalid argument";
    case ErrorKind::kNotFound: return "not found";
    case ErrorKind::kAlreadyExists: return "already exists";
    case ErrorKind::kUnauthenticated: return "unauthenticated";
    case ErrorKind::kPermissionDenied: return "permission denied";
    case ErrorKind::kResourceExhausted: return "resource exhausted";
    case ErrorKind::kFailedPrecondition: return "failed precondition";
    case ErrorKind::kUnavailable: return "unavailable";
    case ErrorKind::kInternal: return "internal";
  }
  return "unknown";
}

}  // namespace proofagg

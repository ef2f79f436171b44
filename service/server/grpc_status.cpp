#include "service/server/grpc_status.hpp"

namespace proofagg::service {
namespace {

// gRPC carries the message in a header; keep it well below common header limits.
constexpr std::size_t kMaxMessageBytes = 1024;

}  // namespace

grpc::StatusCode grpc_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return grpc::StatusCode::INVALID_ARGUMENT;
    case ErrorKind::kNotFound: return grpc::StatusCode::NOT_FOUND;
    case ErrorKind::kAlreadyExists: return grpc::StatusCode::ALREADY_EXISTS;
    case ErrorKind::kUnauthenticated: return grpc::StatusCode::UNAUTHENTICATED;
    case ErrorKind::kPermissionDenied: return grpc::StatusCode::PERMISSION_DENIED;
    case ErrorKind::kResourceExhausted: return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case ErrorKind::kFailedPrecondition: return grpc::StatusCode::FAILED_PRECONDITION;
    case ErrorKind::kUnavailable: return grpc::StatusCode::UNAVAILABLE;
    case ErrorKind::kInternal: return grpc::StatusCode::INTERNAL;
  }
  return grpc::StatusCode::INTERNAL;
}

std::string bounded(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  return std::string(text.substr(0, limit)) + "... (" + std::to_string(text.size()) + " bytes)";
}

grpc::Status to_grpc(const Error& error, std::string_view context) {
  std::string message = std::string(context) + error.message;
  if (message.empty()) message = error_kind_name(error.kind);
  return {grpc_code(error.kind), bounded(message, kMaxMessageBytes)};
}

}  // namespace proofagg::service

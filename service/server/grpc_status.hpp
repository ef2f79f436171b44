// The one place where a failure's kind becomes a gRPC status code. Handlers return
// to_grpc(failure) and never pick codes for failures that carry a kind.
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <string_view>

#include "kernels/core/result.hpp"

namespace proofagg::service {

grpc::StatusCode grpc_code(ErrorKind kind);

// The message is bounded (grpc-message is a header) and keeps context in front.
grpc::Status to_grpc(const Error& error, std::string_view context = {});

// Echoing caller-supplied text (an id, a name) into a message: at most `limit`
// bytes, with a marker when cut, so no request can make a reply header large.
std::string bounded(std::string_view text, std::size_t limit = 80);

}  // namespace proofagg::service

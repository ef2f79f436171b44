// The release both binaries report (--version, the server's startup line): the
// project version of the top-level CMakeLists.txt.
#pragma once

namespace proofagg {

#ifndef PROOFAGG_VERSION
#error "PROOFAGG_VERSION comes from CMake (service/CMakeLists.txt)"
#endif
inline constexpr const char* kVersion = PROOFAGG_VERSION;

}  // namespace proofagg

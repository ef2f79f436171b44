#!/usr/bin/env bash
# Installs everything proofagg builds and tests with: Debian packages (bookworm), and
# the npm packages of the cross-checks against independent implementations.
# The CUDA toolkit is optional and not installed here: with nvcc on PATH or in
# /usr/local/cuda the build compiles the CUDA kernels too.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev libssl-dev libsqlite3-dev
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  prometheus-cpp-dev libspdlog-dev libpq-dev postgresql
)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Versions pinned by tests/crosscheck/package-lock.json.
npm ci --prefix tests/crosscheck --no-audit --no-fund --loglevel=error

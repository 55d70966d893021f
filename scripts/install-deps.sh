#!/usr/bin/env bash
# Installs everything attestfs needs to build, test and run its interop checks on Debian 12:
# apt packages (only the missing ones; apt-get update only when something is missing) and the
# npm packages of tests/interop (Sigstore and CycloneDX checkers). Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git git-lfs clang libclang-rt-14-dev clang-format
  libgtest-dev libgmock-dev libssl-dev openssl nlohmann-json3-dev libarchive-dev libzstd-dev
  libcurl4-openssl-dev curl libcpp-httplib-dev libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc libfuse3-dev fuse3 libyaml-cpp-dev libcli11-dev libgit2-dev libre2-dev
  docker-registry skopeo umoci buildah apache2-utils python3-securesystemslib python3-cryptography python3-nacl
  tesseract-ocr tesseract-ocr-eng imagemagick time bc python3-numpy
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js >= 20.17 is needed by @sigstore/verify 3.1.x; the machine image ships it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-deps: node/npm not found; installing Debian's nodejs (the Sigstore checker needs Node >= 20.17)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ -f tests/interop/package.json ]; then
  if [ ! -d tests/interop/node_modules ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules ]; then
    echo "install-deps: npm packages for the interop checkers"
    (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || npm install --no-audit --no-fund --loglevel=error >/dev/null)
    touch tests/interop/node_modules
  fi
fi
if [ -f tests/interop/sigstore-standin/package.json ]; then
  if [ ! -d tests/interop/sigstore-standin/node_modules ] || [ tests/interop/sigstore-standin/package-lock.json -nt tests/interop/sigstore-standin/node_modules ]; then
    echo "install-deps: npm packages for the loopback Sigstore stand-in"
    (cd tests/interop/sigstore-standin && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
    touch tests/interop/sigstore-standin/node_modules
  fi
fi
if [ -f tests/interop/sarif/package.json ]; then
  if [ ! -d tests/interop/sarif/node_modules ] || [ tests/interop/sarif/package-lock.json -nt tests/interop/sarif/node_modules ]; then
    echo "install-deps: npm packages for the SARIF schema check"
    (cd tests/interop/sarif && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
    touch tests/interop/sarif/node_modules
  fi
fi
echo "install-deps: ok"

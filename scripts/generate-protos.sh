#!/usr/bin/env bash
# Regenerates Sources/TensorBoardEvents/*.pb.swift from Sources/TensorBoardEvents/Proto/*.proto.
# The generated files are committed, so the package build never runs protoc or a plugin; run this
# only after editing a .proto. It needs protoc (Debian's protobuf-compiler, which also brings
# google/protobuf/struct.proto) and a protoc-gen-swift built from the swift-protobuf version the
# package resolves, outside this repository, e.g.:
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   cd /tmp/swift-protobuf && git checkout 1.39.0 && swift build -c release --product protoc-gen-swift
# Usage: PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift scripts/generate-protos.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PLUGIN=${PROTOC_GEN_SWIFT:-/tmp/swift-protobuf/.build/release/protoc-gen-swift}
[ -x "$PLUGIN" ] || { echo "error: protoc-gen-swift not found at $PLUGIN (set PROTOC_GEN_SWIFT)" >&2; exit 1; }
command -v protoc >/dev/null || { echo "error: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }
SRC=Sources/TensorBoardEvents
# Internal visibility: the protos are this module's wire format, not its API.
protoc --plugin=protoc-gen-swift="$PLUGIN" -I "$SRC/Proto" \
  --swift_opt=Visibility=Internal --swift_out="$SRC" "$SRC"/Proto/*.proto
echo "generated: $(cd "$SRC" && ls *.pb.swift | tr '\n' ' ')"

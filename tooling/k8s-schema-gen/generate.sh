#!/usr/bin/env bash
# Regenerates the Kubernetes data of @kcache/fake-apiserver from the Go modules pinned in go.mod.
#
#   generate.sh [ROOT]    # ROOT: where to write packages/fake-apiserver/...; defaults to this repository
#
# Writes ROOT/packages/fake-apiserver/data/{protobuf.json.gz,openapi.json.gz,resources.json} and
# ROOT/packages/fake-apiserver/test/golden/protobuf/corpus.json.gz. Needs Go (see go.mod) and the
# Go module proxy, or a module cache that holds the modules.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${1:-$(cd "$here/../.." && pwd)}
export CGO_ENABLED=0
export GOFLAGS=${GOFLAGS:--buildvcs=false}
cd "$here"
go run -trimpath . \
  -data "$root/packages/fake-apiserver/data" \
  -corpus "$root/packages/fake-apiserver/test/golden/protobuf/corpus.json.gz" \
  ${K8S_SCHEMA_GEN_VERBOSE:+-v}

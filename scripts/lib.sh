# Shared by scripts/*: find a JDK >= 21, install the pinned npm tools and the Debian packages dpm's
# tests and benchmarks use. Sourced, never run. Every step is idempotent and says what it does.

DPM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

dpm_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

# Sets JAVA_HOME to a JDK whose major version is >= 21 (the project's language level).
dpm_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  command -v javac >/dev/null 2>&1 && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major="$(dpm_java_major "$c/bin/java")"
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"; export PATH="$JAVA_HOME/bin:$PATH"; return 0
    fi
  done
  echo "dpm: no JDK >= 21 found (looked at \$JAVA_HOME, javac on PATH, /usr/lib/jvm/*)." >&2
  echo "dpm: install one (for example Temurin 21 or 25) and set JAVA_HOME to it." >&2
  return 1
}

# Installs the exact npm versions from package-lock.json into node_modules (anvil, solc, oracles).
dpm_npm_tools() {
  command -v npm >/dev/null 2>&1 || { echo "dpm: npm is required (Node.js 20+)." >&2; return 1; }
  local stamp="$DPM_ROOT/node_modules/.dpm-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$DPM_ROOT/package-lock.json" "$stamp"; then
    echo "dpm: installing pinned npm tools (npm ci)..."
    (cd "$DPM_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    cp "$DPM_ROOT/package-lock.json" "$stamp"
  fi
}

# Installs Debian packages that are missing (tests and benchmarks use them as baselines and oracles).
dpm_debian_packages() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "dpm: missing Debian packages: ${missing[*]} (no apt-get here)" >&2; return 1; }
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "dpm: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Debian's package lists (bookworm main): the real index the resolver, importer and evaluation use.
dpm_apt_lists() {
  ls /var/lib/apt/lists/*_dists_bookworm_main_binary-amd64_Packages* >/dev/null 2>&1 && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "dpm: fetching Debian's package lists (apt-get update)..."
  $sudo apt-get update -qq >/dev/null
}

# Everything the test suite needs on a fresh machine of this kind.
dpm_setup() {
  dpm_find_jdk || return 1
  dpm_npm_tools || return 1
  dpm_debian_packages nginx-light openssl dpkg-dev apt curl lz4 wrk || return 1
  dpm_apt_lists || return 1
}

# Maven 3.8's own Guava calls sun.misc.Unsafe; on Java 24+ that prints a warning per build unless allowed.
dpm_mvn() {
  local opts="${MAVEN_OPTS:-}"
  [ "$(dpm_java_major "$JAVA_HOME/bin/java" | cut -d. -f1)" -ge 24 ] 2>/dev/null && opts="$opts --sun-misc-unsafe-memory-access=allow"
  (cd "$DPM_ROOT" && MAVEN_OPTS="$opts" mvn -B -ntp "$@")
}

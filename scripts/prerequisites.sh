# Sourced by ./kumo and ./test.sh: makes sure this machine has what Kumo needs, installing what is
# missing with apt-get when we are root, and otherwise printing the exact command and stopping.
# Kept in one place so that the two front doors can never disagree about what Kumo needs.

# Debian packages the platform needs at run time: runc runs the function sandboxes; slirp4netns gives the
# sandboxes of functions that ask for it a route out.
KUMO_RUNTIME_PACKAGES=(runc slirp4netns)
# Debian packages the build needs: kumo-init is compiled ahead of time (Native AOT), which links with gcc.
KUMO_BUILD_PACKAGES=(gcc libc6-dev zlib1g-dev)
# Debian packages the tests need: the interpreters the python and node runtimes run on, iproute2 for the
# network namespace that stands in for a host outside the machine, the real Lambda API clients the
# functional tests drive Kumo with: the aws CLI and boto3 (run with /usr/bin/python3), Pillow (python3-pil),
# which the thumbnails sample's function uses, and chromium, the headless browser that opens the samples'
# pages. npm installs the third client, the AWS SDK for JavaScript, and playwright-core, which drives
# chromium, into tests/clients/js (kumo_install_test_clients).
KUMO_TEST_PACKAGES=(python3.11 nodejs iproute2 awscli python3-boto3 python3-pil chromium)

kumo_say() { printf 'kumo: %s\n' "$*" >&2; }

# kumo_missing_packages PACKAGE... prints those not installed.
kumo_missing_packages() {
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "$package"
    fi
  done
}

# kumo_install_packages PACKAGE... installs the missing ones, or explains how.
kumo_install_packages() {
  local missing
  mapfile -t missing < <(kumo_missing_packages "$@")
  [ "${#missing[@]}" -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    kumo_say "missing system packages: ${missing[*]}. This machine has no apt-get: install them with its package manager, then run this again."
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    kumo_say "missing system packages: ${missing[*]}. Install them, then run this again:"
    printf '  sudo apt-get update && sudo apt-get install -y %s\n' "${missing[*]}" >&2
    exit 1
  fi
  kumo_say "installing ${missing[*]} with apt-get"
  local log
  log="$(mktemp)"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    kumo_say "apt-get could not install ${missing[*]}; see above."
    exit 1
  fi
  rm -f "$log"
}

kumo_require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    kumo_say "the .NET SDK is not installed (dotnet is not on PATH). Install the .NET 10 SDK, then run this again."
    exit 1
  fi
  local sdks
  sdks=$(dotnet --list-sdks 2>/dev/null || true)
  if ! grep -q '^10\.' <<<"$sdks"; then
    kumo_say "Kumo needs the .NET 10 SDK; this machine has: ${sdks:-none}. Install the .NET 10 SDK, then run this again."
    exit 1
  fi
}

# What ./kumo needs: it builds, then runs the platform.
kumo_runtime_prerequisites() {
  kumo_require_dotnet
  kumo_install_packages "${KUMO_RUNTIME_PACKAGES[@]}" "${KUMO_BUILD_PACKAGES[@]}"
}

# kumo_install_test_clients ROOT installs the npm packages of tests/clients/js (the AWS SDK for JavaScript and
# playwright-core) exactly as its package-lock.json pins them, when node_modules is missing or the lock changed
# since the last install (a copy of the lock in node_modules is the stamp).
kumo_install_test_clients() {
  local dir="$1/tests/clients/js"
  local stamp="$dir/node_modules/.kumo-installed-lock.json"
  if [ -d "$dir/node_modules" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    kumo_say "npm is not on PATH: install Node.js 20 or later with its npm (the SDK needs it), then run this again."
    exit 1
  fi
  kumo_say "installing the test clients in tests/clients/js with npm ci"
  local log
  log="$(mktemp)"
  # --ignore-scripts: the pinned packages need no install scripts, and none should run unasked.
  if ! (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    kumo_say "npm ci in tests/clients/js failed; see above."
    exit 1
  fi
  rm -f "$log"
  cp "$dir/package-lock.json" "$stamp"
}

# What ./test.sh needs: everything ./kumo does, the runtimes the tests run functions on, and the clients
# they drive Kumo with.
kumo_test_prerequisites() {
  kumo_require_dotnet
  kumo_install_packages "${KUMO_RUNTIME_PACKAGES[@]}" "${KUMO_BUILD_PACKAGES[@]}" "${KUMO_TEST_PACKAGES[@]}"
}

#!/usr/bin/env bash
# The package on its own: packs Keyport, installs the tarball into an empty folder, and runs `npx keyport serve`
# from there on SQLite and on PostgreSQL (KEYPORT_TEST_DATABASE_URL, in a schema of its own; skipped when unset).
# Each run is a first start: it checks /readyz, reads the first API key from the 0600 file it was written to
# (stderr is not a terminal here), creates a user and a credential and reads its secret back, and gets GET /connect,
# the built embed script and the console.
# Bounded in time (SMOKE_TIMEOUT seconds per wait); removes its folder, server and schema on the way out.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TIMEOUT=${SMOKE_TIMEOUT:-60}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/keyport-pack-XXXXXX")
SERVER_PID=
SCHEMA=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -KILL -- "-$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$SCHEMA" ]; then psql -q "$KEYPORT_TEST_DATABASE_URL" -c "drop schema if exists $SCHEMA cascade" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "pack smoke: $*" >&2
  [ -f "$WORK/server.log" ] && tail -n 30 "$WORK/server.log" >&2
  exit 1
}

echo "== pack"
# npm pack runs `prepare` (the build); skip it when dist/ is already current.
if node --input-type=module -e "
  const { chooseEntry } = await import('$ROOT/bin/entry.js')
  process.exit(chooseEntry(new URL('file://$ROOT/')).kind === 'compiled' ? 0 : 1)"; then
  TARBALL=$(npm pack --ignore-scripts --silent --pack-destination "$WORK")
else
  npm run build >&2
  TARBALL=$(npm pack --ignore-scripts --silent --pack-destination "$WORK")
fi
TARBALL="$WORK/$TARBALL"
# Nothing but what `files` lists: no sources, tests or local data.
tar -tzf "$TARBALL" >"$WORK/contents"
if grep -E '^package/(src|test|bench|data|node_modules)/' "$WORK/contents"; then fail "the tarball carries files it should not"; fi
grep -qx 'package/dist/cli.js' "$WORK/contents" || fail "the tarball has no dist/cli.js"

echo "== install $(basename "$TARBALL") into an empty folder"
mkdir "$WORK/app"
cd "$WORK/app"
echo '{"name":"pack-smoke","private":true}' >package.json
# Registry packages come from npm's cache when it has them. Install scripts are skipped: the only one among the
# runtime dependencies is better-sqlite3's, which here compiles SQLite from C (minutes; its prebuilt binaries are on
# GitHub, out of reach offline). Its compiled addon is taken from the checkout's node_modules instead, after checking
# it is the same better-sqlite3 version for the same Node.js. Every other file comes from the tarball and the registry.
timeout 300 npm install --no-audit --no-fund --prefer-offline --omit=dev --ignore-scripts "$TARBALL" \
  >"$WORK/install.log" 2>&1 || { tail -n 30 "$WORK/install.log" >&2; fail "npm install of the tarball failed"; }
version_of() { node -p "require('$1/better-sqlite3/package.json').version"; }
[ "$(version_of "$ROOT/node_modules")" = "$(version_of "$WORK/app/node_modules")" ] ||
  fail "the checkout's better-sqlite3 is not the version the package installs: run npm ci first"
mkdir -p node_modules/better-sqlite3/build/Release
cp "$ROOT/node_modules/better-sqlite3/build/Release/better_sqlite3.node" node_modules/better-sqlite3/build/Release/
[ "$(npx --no-install keyport version)" = "keyport $(node -p "require('$ROOT/package.json').version")" ] ||
  fail "npx keyport version does not match package.json"

# Waits until $1 answers 200, at most TIMEOUT seconds.
wait_ok() {
  for _ in $(seq 1 $((TIMEOUT * 4))); do
    kill -0 "$SERVER_PID" 2>/dev/null || fail "keyport serve exited"
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
    sleep 0.25
  done
  fail "$1 did not answer 200 within ${TIMEOUT}s"
}

smoke() { # name, database URL (empty: SQLite in the data dir)
  local name=$1 url=$2 data="$WORK/data-$1" port base key user cred secret
  echo "== npx keyport serve on $name"
  rm -f "$WORK/server.log"
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  KEYPORT_DATA_DIR="$data" KEYPORT_DATABASE_URL="$url" KEYPORT_PORT="$port" KEYPORT_HOST=127.0.0.1 \
    KEYPORT_PUBLIC_URL="http://127.0.0.1:$port" KEYPORT_LOG_LEVEL=info \
    setsid npx --no-install keyport serve >"$WORK/server.log" 2>&1 </dev/null &
  SERVER_PID=$! # npx and the node it starts, in a process group of their own
  base="http://127.0.0.1:$port"
  wait_ok "$base/readyz"
  [ "$(stat -c %a "$data/first-api-key")" = 600 ] || fail "the first API key file is not mode 0600"
  key=$(grep -E '^kp_' "$data/first-api-key")
  grep -qF "$key" "$WORK/server.log" && fail "the first API key is in the log"
  grep -qF "$data/first-api-key" "$WORK/server.log" || fail "the log does not name the key file"
  user=$(curl -sf -X POST "$base/v1/users" -H "authorization: Bearer $key" -H 'content-type: application/json' \
    -d '{"username":"pack-smoke"}' | node -p 'JSON.parse(require("fs").readFileSync(0)).userId') ||
    fail "POST /v1/users failed"
  cred=$(curl -sf -X POST "$base/v1/credentials" -H "authorization: Bearer $key" -H 'content-type: application/json' \
    -d "{\"userId\":\"$user\",\"app\":\"stripe\",\"data\":{\"apiKey\":\"sk_test_packsmoke0000000000\"},\"skipVerification\":true}" |
    node -p 'JSON.parse(require("fs").readFileSync(0)).credentialId') || fail "POST /v1/credentials failed"
  secret=$(curl -sf "$base/v1/credentials/$cred/secret" -H "authorization: Bearer $key") || fail "the secret read failed"
  case "$secret" in *sk_test_packsmoke0000000000*) ;; *) fail "the secret read did not return the stored key" ;; esac
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/connect")" = 200 ] || fail "GET /connect is not 200"
  curl -sf "$base/sdk/keyport.js" | grep -q 'window.Keyport=' ||
    fail "GET /sdk/keyport.js is not the built embed script (dist/modal/browser missing from the package?)"
  console_js=$(curl -s "$base/console" | grep -o '/console/assets/[A-Za-z0-9_.-]*\.js' | head -n 1)
  [ -n "$console_js" ] || fail "GET /console does not name the console's script (dist/console-ui missing from the package?)"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base$console_js")" = 200 ] || fail "GET $console_js is not 200"
  kill -TERM -- "-$SERVER_PID"
  wait "$SERVER_PID" || true # npx's own status on SIGTERM; the server's stop shows in its log
  SERVER_PID=
  grep -q '"shutting down: draining requests"' "$WORK/server.log" || fail "keyport serve did not stop on SIGTERM"
  echo "   ok: /readyz, first key (0600 file), user, credential, secret read, /connect, /sdk/keyport.js, /console"
}

smoke sqlite ""
if [ -n "${KEYPORT_TEST_DATABASE_URL:-}" ]; then
  SCHEMA="kp_pack_$(node -p "require('crypto').randomBytes(6).toString('hex')")"
  psql -q "$KEYPORT_TEST_DATABASE_URL" -c "create schema $SCHEMA" >/dev/null
  case "$KEYPORT_TEST_DATABASE_URL" in *\?*) sep='&' ;; *) sep='?' ;; esac
  smoke postgresql "${KEYPORT_TEST_DATABASE_URL}${sep}options=-c%20search_path%3D$SCHEMA"
else
  echo "== PostgreSQL skipped: KEYPORT_TEST_DATABASE_URL is not set"
fi
echo "pack smoke: the installed package works on its own"

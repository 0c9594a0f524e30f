#!/usr/bin/env bash
# The browser check: starts the site on an empty SQLite database on loopback, then opens every
# registry, sleepover, support contact, event, concern, survey, fidelity, sibling contact and
# monthly return page in Chromium at 375 and 1280 pixels, checks it with axe, sends forms with an
# error and without (some as a liaison worker or a carer, whose accounts check.mjs adds with the
# CLI), submits and amends a monthly return, and reads the calendar feed, sleepovers and events in
# it (check.mjs, sleepovers.mjs, support.mjs, outcomes.mjs, siblings.mjs, returns.mjs). Needs
# CONSTELLATE_BIN, the built `constellate` binary.
# Every step has a time limit, and the server is stopped however the check ends.
set -euo pipefail
cd "$(dirname "$0")"

: "${CONSTELLATE_BIN:?set CONSTELLATE_BIN to the constellate binary}"
if [ ! -x "$CONSTELLATE_BIN" ]; then
  echo "browser check: $CONSTELLATE_BIN is not an executable file" >&2
  exit 1
fi

# Debian's Chromium; playwright-core drives it and downloads no browser of its own.
if ! command -v chromium >/dev/null 2>&1; then
  echo "browser check: installing Debian's chromium"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 $sudo apt-get update -qq
  timeout 900 $sudo apt-get install -y -qq chromium
fi

# playwright-core and @axe-core/playwright, exactly as package-lock.json has them.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
timeout 300 npm ci --no-audit --no-fund --loglevel=error

tmp=$(mktemp -d)
server=""
stop() {
  status=$?
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -s "$tmp/server.log" ]; then
    echo "--- the server's last log lines" >&2
    tail -n 40 "$tmp/server.log" >&2
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free port on loopback.
port=$(node -e '
  const s = require("net").createServer();
  s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
')
base="http://127.0.0.1:$port"

# An empty database: no demo data, whatever the environment says.
unset CONSTELLATE_DEMO DATABASE_URL CONSTELLATE_LISTEN CONSTELLATE_SMTP_HOST
# E-mail goes to files in the temporary folder, where check.mjs reads the red flag's.
export CHECK_MAIL_DIR="$tmp/mail"
export CONSTELLATE_MAIL_DIR="$CHECK_MAIL_DIR"
# One account to make the registry with (a programme lead; check.mjs makes it the manager of
# the service it adds) and to sign in as in the browser.
export CHECK_DATABASE_URL="sqlite:$tmp/check.db"
export CHECK_EMAIL="check@example.org"
export CHECK_PASSWORD="browser check lantern orchard"
printf '%s\n' "$CHECK_PASSWORD" | "$CONSTELLATE_BIN" --database-url "$CHECK_DATABASE_URL" user add \
  --email "$CHECK_EMAIL" --name "Browser Check" --role programme_lead --password-stdin >/dev/null
CHECK_TOKEN=$("$CONSTELLATE_BIN" --database-url "$CHECK_DATABASE_URL" user token --email "$CHECK_EMAIL")
export CHECK_TOKEN
CONSTELLATE_LOG=${CONSTELLATE_LOG:-warn} "$CONSTELLATE_BIN" --database-url "sqlite:$tmp/check.db" \
  serve --listen "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server=$!

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "browser check: the server stopped before it was ready" >&2
    exit 1
  fi
  if node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
  ' "$base/readyz"; then
    ready=yes
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "browser check: $base/readyz did not answer within 60 seconds" >&2
  exit 1
fi
echo "browser check: the site is ready at $base"

# Screenshots of every page are for a person to look at; CI's clone is thrown away, so it saves none.
if [ -n "${CI:-}" ]; then export SCREENSHOTS=${SCREENSHOTS:-0}; fi
timeout 1500 node check.mjs "$base"

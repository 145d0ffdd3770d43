#!/usr/bin/env bash
# Serve Gonghui: the background worker (imports, the nightly KPI count) beside gunicorn.
# Imports a killed worker left half-done are failed first; the worker waits out a database
# outage (gonghui worker) rather than stopping the site.
# Stopping one stops both.
set -euo pipefail
: "${UV:=uv}" "${BIND:=127.0.0.1:8000}"
# The nightly count and the audit trail's sealing book themselves again; this books the first.
$UV run --frozen gonghui snapshots --schedule
$UV run --frozen gonghui audit seal --schedule
$UV run --frozen gonghui recover_imports
$UV run --frozen gonghui worker --queue-name '*' --interval 1 --no-startup-delay &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
$UV run --frozen gunicorn gonghui.wsgi:application --bind "$BIND" \
	--workers 2 --threads 4 --worker-class gthread --access-logfile - &
server=$!
# Whichever stops first (or Ctrl-C) ends the other.
wait -n "$worker" "$server" || true
kill "$worker" "$server" 2>/dev/null || true
wait

#!/usr/bin/env bash
# `make test`: every check runs, even after one fails, so one run shows everything wrong;
# the exit status is non-zero when any check failed.
#
#   uv.lock matches pyproject.toml → ruff (lint, format) → Django system checks
#   → missing migrations → pytest on SQLite → pytest on PostgreSQL (skipped with a loud banner when no server)
#
# Extra arguments go to both pytest runs, e.g. `scripts/test.sh -k members -x`.
set -uo pipefail
cd "$(dirname "$0")/.."

# UV may be "python3 -m uv" (see the Makefile): split it into words.
read -ra uv <<<"${UV:-uv}"
PG_URL=${GONGHUI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/gonghui}

# Commands other than pytest load the settings too: keep their generated keys out of ./var.
# (pytest gets its own data directory from gonghui/testing/pytest_plugin.py.)
GONGHUI_DATA_DIR=$(mktemp -d -t gonghui-check-XXXXXX)
export GONGHUI_DATA_DIR
trap 'rm -rf "$GONGHUI_DATA_DIR"' EXIT
# The SQLite run must be SQLite whatever the calling shell exports.
unset DATABASE_URL

failed=()
step() {
    local name=$1
    shift
    echo
    echo "=== ${name}: $*"
    if ! "$@"; then
        failed+=("$name")
    fi
}

# `uv sync --frozen` installs what uv.lock says even when pyproject.toml asks for more.
step "lockfile" "${uv[@]}" lock --check
step "ruff check" "${uv[@]}" run --frozen ruff check .
step "ruff format" "${uv[@]}" run --frozen ruff format --check .
step "django check" "${uv[@]}" run --frozen gonghui check --fail-level WARNING
step "migrations" "${uv[@]}" run --frozen gonghui makemigrations --check --dry-run
step "pytest sqlite" "${uv[@]}" run --frozen pytest "$@"

postgres_answers() {
    "${uv[@]}" run --frozen python - "$PG_URL" <<'PY'
import sys

import dj_database_url
import psycopg

config = dj_database_url.parse(sys.argv[1])
try:
    # The server's own maintenance database: the project's may not exist yet.
    psycopg.connect(
        dbname="postgres",
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        connect_timeout=5,
    ).close()
except psycopg.OperationalError as error:
    print(error, file=sys.stderr)
    sys.exit(1)
PY
}

postgres_note=""
if postgres_answers; then
    # --create-db: a test database left over from an earlier run is dropped and made anew.
    step "pytest postgresql" env DATABASE_URL="$PG_URL" "${uv[@]}" run --frozen pytest --create-db "$@"
else
    echo
    echo "################################################################################"
    echo "#  PostgreSQL NOT TESTED: no server at ${PG_URL}"
    echo "#  Start one (e.g. pg_ctlcluster 15 main start) and run make test again."
    echo "################################################################################"
    postgres_note=" (PostgreSQL NOT TESTED)"
fi

echo
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "make test FAILED: ${failed[*]}${postgres_note}"
    exit 1
fi
echo "make test passed${postgres_note}"

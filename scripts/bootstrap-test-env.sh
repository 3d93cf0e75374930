#!/usr/bin/env bash
# Brings a Debian 12 machine to the state the test suites need (stack.md §5.3). Idempotent.
# Sourced by scripts/test-all.sh so that TEST_DATABASE_URL reaches the test runs.

bootstrap_main() {
  local missing=()
  local package
  # dovecot-imapd: the IMAP server of the mailbox connector tests (stack.md §2.5), run without its service.
  for package in postgresql build-essential python3 dovecot-imapd; do
    if ! dpkg -s "$package" >/dev/null 2>&1; then
      missing+=("$package")
    fi
  done
  # The e2e suite drives Debian's Chromium through playwright-core, which never downloads a browser.
  if [[ ! -x /usr/bin/chromium ]]; then
    missing+=(chromium)
  fi
  if ((${#missing[@]} > 0)); then
    echo "bootstrap: installing ${missing[*]}"
    local sudo=''
    if [[ $(id -u) -ne 0 ]]; then sudo='sudo'; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi

  # Start every PostgreSQL cluster that is down.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    local version cluster status
    while read -r version cluster _port status _rest; do
      if [[ $status == down* ]]; then
        echo "bootstrap: starting PostgreSQL cluster $version/$cluster"
        pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
      fi
    done < <(pg_lsclusters --no-header)
  fi

  if [[ -z ${TEST_DATABASE_URL:-} ]]; then
    local local_url='postgres://postgres@127.0.0.1:5432/test'
    if psql "$local_url" -qtAc 'select 1' >/dev/null 2>&1; then
      export TEST_DATABASE_URL=$local_url
    else
      # A fresh Debian install: peer auth on the socket, scram over TCP; make a password role.
      local sift_url='postgres://sift:sift@127.0.0.1:5432/sift_test'
      if ! psql "$sift_url" -qtAc 'select 1' >/dev/null 2>&1; then
        echo 'bootstrap: creating role sift and database sift_test'
        su postgres -c "psql -qc \"do \\\$\\\$ begin if not exists (select from pg_roles where rolname = 'sift') then create role sift login superuser password 'sift'; end if; end \\\$\\\$;\""
        su postgres -c "psql -qtAc \"select 1 from pg_database where datname = 'sift_test'\" | grep -q 1 || createdb -O sift sift_test"
      fi
      export TEST_DATABASE_URL=$sift_url
    fi
  fi
  if ! psql "$TEST_DATABASE_URL" -qtAc 'select 1' >/dev/null 2>&1; then
    echo "bootstrap: no usable PostgreSQL at $TEST_DATABASE_URL" >&2
    return 1
  fi

  echo "bootstrap: node $(node --version), npm $(npm --version), $(psql "$TEST_DATABASE_URL" -qtAc 'show server_version' | xargs -I{} echo PostgreSQL {}), $(/usr/bin/chromium --version 2>/dev/null || echo 'no chromium')"
  echo "bootstrap: TEST_DATABASE_URL=$TEST_DATABASE_URL"
}

bootstrap_main

# shellcheck shell=bash
# System services the test suite needs: PostgreSQL (store tests run against it as well as SQLite)
# and Debian's Chromium (the web page is driven in a real headless browser; Playwright's own
# browser download is never used).
#
# Sourced by .ci/run, as root, before `make test`; safe to source again (installs only what is
# missing, starts the cluster only when it is down, creates the role and database only once).
# Exports UNSPUN_TEST_PG_URL and UNSPUN_CHROMIUM for the tests.

_unspun_services() {
    local role=unspun db=unspun_test password=unspun
    local missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
    compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
    if ((${#missing[@]})); then
        echo "services: installing ${missing[*]}" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
    fi

    local version status
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
    status=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}')
    if [ -z "$status" ]; then
        pg_createcluster "$version" main >/dev/null || return 1
    fi
    if [ "$status" != online ]; then
        pg_ctlcluster "$version" main start || return 1
    fi

    local psql=(runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA)
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
        "${psql[@]}" -c "CREATE ROLE $role LOGIN PASSWORD '$password'" || return 1
    fi
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
        "${psql[@]}" -c "CREATE DATABASE $db OWNER $role" || return 1
    fi

    export UNSPUN_TEST_PG_URL="postgresql+psycopg://$role:$password@127.0.0.1:5432/$db"
    export UNSPUN_CHROMIUM=/usr/bin/chromium
}

_unspun_services || echo "services: could not prepare PostgreSQL/Chromium (their tests fail under CI=true)" >&2
unset -f _unspun_services

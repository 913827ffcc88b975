#!/usr/bin/env bash
# Local stand-ins for the official base images, made from Debian 12 packages with mmdebstrap and
# `podman import`, for machines where Docker Hub cannot be reached. Used by tests/container/ and
# usable by hand (as root):
#
#   bash docker/standin/build-bases.sh            # builds the three images below unless present
#   podman build --format docker -f docker/Dockerfile \
#     --build-arg PYTHON_IMAGE=localhost/govwatch-standin/python-build:3.11 \
#     --build-arg RUNTIME_IMAGE=localhost/govwatch-standin/python-slim:3.11 -t govwatch .
#
#   localhost/govwatch-standin/python-build:3.11  build stage: Debian's python3 (3.11.2) + venv + binutils (strip)
#   localhost/govwatch-standin/python-slim:3.11   final stage: python3, CA certificates, tzdata, passwd;
#                                                 no apt, no perl modules, no docs/man/locales/gconv
#   localhost/govwatch-standin/postgres:15        stand-in for postgres:16 (bookworm has PostgreSQL 15):
#                                                 POSTGRES_USER/PASSWORD/DB, PGDATA volume, port 5432
#
# Both python images have the interpreter at /usr/bin/python3, so a venv made in the build stage runs
# unchanged in the final stage (as with python:3.11-slim in both stages, where it is /usr/local/bin).
# Each image carries the label govwatch.standin.recipe=<sha256 of this script>: an image whose label
# matches is kept (a rerun costs nothing), anything else is rebuilt. Set STANDIN_FORCE=1 to rebuild.
#
# Nothing from the host goes into the images but Debian packages: apt's sources and options are given
# to mmdebstrap on the command line and removed from the tree; no CA bundle or pip configuration is copied.
set -euo pipefail
ENGINE=${ENGINE:-podman}
HERE=$(cd "$(dirname "$0")" && pwd)
RECIPE=$(cat "$0" "$HERE/postgres-entrypoint.sh" | sha256sum | cut -c1-16)  # content only, not paths
SUITE=bookworm
APT_SOURCES=${APT_SOURCES:-/etc/apt/sources.list.d/debian.sources}
[ -f "$APT_SOURCES" ] || APT_SOURCES=/etc/apt/sources.list
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

PYTHON_BUILD=localhost/govwatch-standin/python-build:3.11
PYTHON_SLIM=localhost/govwatch-standin/python-slim:3.11
POSTGRES=localhost/govwatch-standin/postgres:15
ARCH_LIB=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)

current() {  # current IMAGE: true when IMAGE exists and was made by this very recipe
  [ "${STANDIN_FORCE:-0}" != 1 ] || return 1
  [ "$("$ENGINE" image inspect --format '{{index .Config.Labels "govwatch.standin.recipe"}}' "$1" 2>/dev/null)" = "$RECIPE" ]
}

MMDEB=(mmdebstrap --quiet --variant=essential
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr       # merged /usr without the usrmerge package (and perl)
  --aptopt='Acquire::Check-Valid-Until "false"'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*'
  --customize-hook='rm -rf "$1"/etc/apt/sources.list "$1"/etc/apt/sources.list.d/* "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/cache/debconf/*-old "$1"/var/log/*.log "$1"/var/log/apt')

import_tar() {  # import_tar TAR IMAGE CHANGE...: podman import with the recipe label
  local tar=$1 image=$2; shift 2
  local changes=(--change "LABEL govwatch.standin.recipe=$RECIPE" --change 'ENV LANG=C.UTF-8')
  local c; for c in "$@"; do changes+=(--change "$c"); done
  "$ENGINE" import "${changes[@]}" "$tar" "$image" >/dev/null
  rm -f "$tar"
  echo "$image: $("$ENGINE" image inspect --format '{{.Size}}' "$image") bytes"
}

PATH_ENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

if ! current "$PYTHON_BUILD"; then
  # gcc and the Python headers build govwatch's C module (govwatch.extract._fastdom)
  "${MMDEB[@]}" --include=python3,python3-venv,python3-dev,gcc,libc6-dev,binutils,ca-certificates,netbase \
    "$SUITE" "$WORK/build.tar" "$APT_SOURCES"
  import_tar "$WORK/build.tar" "$PYTHON_BUILD" "$PATH_ENV" 'CMD ["python3"]'
fi

if ! current "$PYTHON_SLIM"; then
  # glibc's iconv modules, the test suite and pydoc's topics are not used by a service
  "${MMDEB[@]}" --dpkgopt="path-exclude=$ARCH_LIB/gconv/*" \
    --customize-hook='rm -rf "$1"/usr/lib/python3.11/test "$1"/usr/lib/python3.11/pydoc_data' \
    --include=python3,ca-certificates,netbase,tzdata,passwd \
    "$SUITE" "$WORK/slim.tar" "$APT_SOURCES"
  import_tar "$WORK/slim.tar" "$PYTHON_SLIM" "$PATH_ENV" 'CMD ["python3"]'
fi

if ! current "$POSTGRES"; then
  "${MMDEB[@]}" --include=postgresql-15,tzdata,passwd,util-linux \
    --essential-hook='mkdir -p "$1"/etc/postgresql-common && echo "create_main_cluster = false" > "$1"/etc/postgresql-common/createcluster.conf' \
    --customize-hook="copy-in $HERE/postgres-entrypoint.sh /usr/local/bin" \
    --customize-hook='chmod 755 "$1"/usr/local/bin/postgres-entrypoint.sh; mkdir -p "$1"/var/lib/postgresql/data "$1"/var/run/postgresql; chroot "$1" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql; chmod 700 "$1"/var/lib/postgresql/data' \
    "$SUITE" "$WORK/postgres.tar" "$APT_SOURCES"
  import_tar "$WORK/postgres.tar" "$POSTGRES" \
    'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'ENV PGDATA=/var/lib/postgresql/data' 'VOLUME ["/var/lib/postgresql/data"]' 'EXPOSE 5432' \
    'STOPSIGNAL SIGINT' 'ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]' 'CMD ["postgres"]'
fi

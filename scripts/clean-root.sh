#!/usr/bin/env bash
# Proves the README's two commands, and the .deb, on clean Debian 12 roots, the way a new
# user meets them: nothing installed but the minimal base system plus make, git, sudo and
# ca-certificates. Needs root (mmdebstrap, chroot, mount namespaces). Used by .ci/run;
# developers can run it too: sudo scripts/clean-root.sh  (see docs/development.md).
#
#  1. root A (mmdebstrap --variant=minbase bookworm): a clone of the commit under test;
#     `make test`, then `make run` without a display under `timeout 25` (it must still be
#     running when the timeout ends it, and print no error), then `make package`;
#  2. root B (a second minbase root): `apt-get install ./pusher_*.deb` must pull in every
#     runtime dependency by itself; a shipped sandbox scenario runs headless, each program's
#     `--version` answers; `apt-get purge` leaves none of the package's files behind.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && git rev-parse --show-toplevel)
commit=$(git -C "$src" rev-parse HEAD)
work=${PUSHER_CLEAN_ROOT_DIR:-/var/tmp/pusher-clean-root}
keep=${PUSHER_CLEAN_ROOT_KEEP:-}
# Debugging the later stages: reuse a kept root A (updated to the commit under test) and skip
# its `make test`. Never set in CI.
reuse=${PUSHER_CLEAN_ROOT_REUSE:-}

[ "$(id -u)" -eq 0 ] || { echo "clean-root: needs root (mmdebstrap, chroot, unshare)" >&2; exit 2; }
t0=$(date +%s)
log() { printf '[clean-root %4ss] %s\n' "$(( $(date +%s) - t0 ))" "$*"; }

if ! command -v mmdebstrap >/dev/null; then
  log "installing mmdebstrap on the host"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi
# The host's own Debian mirror (deb822 or one-line form), else mmdebstrap's default.
mirror=()
if [ -f /etc/apt/sources.list.d/debian.sources ]; then mirror=(/etc/apt/sources.list.d/debian.sources)
elif [ -s /etc/apt/sources.list ]; then mirror=(/etc/apt/sources.list); fi

[ -n "$reuse" ] && [ -d "$work/a/root/pusher" ] || { reuse=""; rm -rf "$work"; }
mkdir -p "$work"
cleanup() { [ -n "$keep" ] || rm -rf "$work"; }
trap cleanup EXIT

make_root() { # $1: directory
  mmdebstrap --quiet --variant=minbase --include=make,git,sudo,ca-certificates \
    bookworm "$1" "${mirror[@]}"
  cp -L /etc/resolv.conf "$1/etc/resolv.conf"
  # Daemons that packages start from their postinst (nginx on port 80) would run in the
  # host's network namespace: a chroot starts none (the tests start their own nginx).
  printf '#!/bin/sh\nexit 101\n' > "$1/usr/sbin/policy-rc.d"
  chmod +x "$1/usr/sbin/policy-rc.d"
}

# Runs a bash command inside a root, in a private mount namespace with /proc, /sys (read-only),
# /dev and /dev/shm, with the environment of a fresh login (no DISPLAY).
in_root() { # $1: root, $2: command
  unshare --mount --propagation private --fork -- bash -euc '
    root=$1; shift
    mount -t proc proc "$root/proc"
    mount -t sysfs -o ro sysfs "$root/sys"   # what a real machine has (hwloc, MPI read it)
    mount --rbind /dev "$root/dev"
    mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
    # What a login session has (pam_systemd): a private runtime directory.
    mkdir -p -m 0700 "$root/run/user/0"
    exec env -i CI="${CI:-}" HOME=/root USER=root LOGNAME=root TERM=dumb LANG=C.UTF-8 XDG_RUNTIME_DIR=/run/user/0 \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      chroot "$root" /bin/bash -euc "$1"' in_root "$1" "$2"
}

A=$work/a
if [ -z "$reuse" ]; then
  log "root A: mmdebstrap minbase bookworm"
  make_root "$A"
  git clone --quiet --no-hardlinks "$src" "$A/root/pusher"
  git -C "$A/root/pusher" checkout --quiet --detach "$commit"
  log "root A: commit $(git -C "$src" rev-parse --short HEAD); make test"
  in_root "$A" 'cd /root/pusher && make test'
  log "root A: make test passed"
else
  rm -rf "$work/b"
  git -C "$A/root/pusher" fetch --quiet "$src" "$commit"
  git -C "$A/root/pusher" checkout --quiet --detach "$commit"
  log "root A: reused at commit $(git -C "$src" rev-parse --short HEAD), make test SKIPPED"
  in_root "$A" 'cd /root/pusher && make build'
fi

log "root A: timeout 25 make run (no display)"
set +e
in_root "$A" 'cd /root/pusher && timeout 25 make run' > "$work/run.log" 2>&1
rc=$?
set -e
sed 's/^/  | /' "$work/run.log"
if [ "$rc" -ne 124 ]; then
  echo "clean-root: make run ended by itself (exit $rc) before the 25 s timeout" >&2; exit 1
fi
if grep -qiE 'error|fail|fatal|abort|could not|cannot|warning|qt\.qpa' "$work/run.log"; then
  echo "clean-root: make run printed an error (above)" >&2; exit 1
fi
log "root A: make run was still up after 25 s and printed no error"

log "root A: make package"
in_root "$A" 'cd /root/pusher && make package'
deb=$(ls "$A"/root/pusher/build/pusher_*.deb)
log "package: $(basename "$deb") ($(du -h "$deb" | cut -f1)); $(dpkg-deb -f "$deb" Depends)"

B=$work/b
log "root B: mmdebstrap minbase bookworm; apt-get install ./$(basename "$deb")"
make_root "$B"
cp "$deb" "$B/root/"
in_root "$B" 'cd /root && export DEBIAN_FRONTEND=noninteractive && apt-get update -qq &&
  apt-get install -y -qq --no-install-recommends ./pusher_*.deb >/dev/null && dpkg -L pusher > /root/files'
in_root "$B" '
  cd /tmp
  pusher --version
  pusher-cli --version
  pusher-sandbox --version
  for program in $(grep "^/usr/bin/" /root/files); do
    test -s "/usr/share/man/man1/${program##*/}.1.gz" || { echo "no man page for $program"; exit 1; }
  done
  test -f /usr/share/applications/pusher.desktop && test -f /usr/share/icons/hicolor/scalable/apps/pusher.svg
  pusher-cli run /usr/share/pusher/scenarios/sandbox-http.json --duration 3s --json out.json --quiet
  grep -q "\"version\": 2" out.json || { echo "out.json is not a version 2 results file"; exit 1; }
  grep -q "\"ident\": \"items\"" out.json || { echo "out.json has no worker items"; exit 1; }
  pusher-cli report out.json'
log "root B: the shipped sandbox scenario ran from the package; results file read back"

in_root "$B" 'export DEBIAN_FRONTEND=noninteractive && apt-get purge -y -qq pusher >/dev/null
  left=0
  while read -r p; do
    if [ -e "$p" ] && [ ! -d "$p" ]; then echo "left behind: $p"; left=1; fi
  done < /root/files
  for d in /usr/share/pusher /usr/share/doc/pusher; do
    if [ -e "$d" ]; then echo "left behind: $d"; left=1; fi
  done
  exit $left'
log "root B: apt-get purge pusher left nothing behind"
log "done"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Proves the README's Quick start on a truly fresh machine: a throwaway minimal Debian 12
# (`debootstrap --variant=minbase bookworm`) holding nothing but a clean checkout of HEAD, where
# root runs the Quick start commands in order, in the same chroot:
#   bash build.sh demo    installs what the demo needs, builds only the CLI, runs the demo
#   bash build.sh test    finds that done, installs the test tools, builds the rest, runs the suite
# Every output line is prefixed with the seconds since its command started. The chroot is
# unmounted and deleted at the end, on failure and on Ctrl-C too.
#
#   bash .ci/fresh_machine.sh [JOB...]          all of it: create, run the build.sh JOBs
#                                               (default: demo test), remove
#   bash .ci/fresh_machine.sh create DIR        only debootstrap into DIR (new or empty); removes
#                                               it on failure (CI does this during other work)
#   bash .ci/fresh_machine.sh run DIR [JOB...]  run the JOBs in DIR made by create, then remove it
#   bash .ci/fresh_machine.sh remove DIR        unmount and delete DIR made by create
#
# Needs root and the network to the host's Debian mirror (its apt proxy settings are copied in).
# Environment: FRESH_MIRROR (default: the host's Debian mirror), FRESH_TMP (where the throwaway
# directory goes, default /var/tmp), FRESH_KEEP=1 keeps it for a look afterwards; CI and JOBS
# are passed on to build.sh.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'fresh_machine: %s\n' "$*" >&2; }
marker=.eventcollab-fresh-machine  # written by create: only such a directory is ever deleted

cmd=all
case ${1:-} in
  create | run | remove)
    cmd=$1
    work=${2:?"usage: $0 $1 DIR"}
    shift 2
    ;;
esac
jobs=("$@")
[[ ${#jobs[@]} -gt 0 ]] || jobs=(demo test)

if [[ $(id -u) -ne 0 ]]; then
  say "needs root (debootstrap, chroot, mount); run: sudo bash .ci/fresh_machine.sh"
  exit 1
fi

# --- Teardown: whatever is left running inside, every mount below, the directory ------------
times=()
t_all=$SECONDS
teardown() {
  local p m root=$work/root
  # Anything still running inside (a server a failed test left behind) would hold the mounts.
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/root" 2>/dev/null) == "$root" ]] && kill -KILL "${p#/proc/}" 2>/dev/null
  done
  sleep 0.2
  # Every mount below the directory, also those a failed debootstrap left, deepest first.
  awk -v w="$work/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
  if awk -v w="$work/" 'index($2, w) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    say "still mounted below $work; not deleting it"
    return 1
  elif [[ ${FRESH_KEEP:-} == 1 ]]; then
    say "kept $work (FRESH_KEEP=1); delete it with: bash .ci/fresh_machine.sh remove $work"
  else
    rm -rf --one-file-system "$work"
  fi
}
on_exit() {
  local rc=$?
  set +e
  [[ $rc -eq 0 ]] || say "FAILED (exit $rc) after $((SECONDS - t_all))s; $(IFS=';'; echo "${times[*]}")"
  # create leaves its result for run; everything else, and a failed create, cleans up.
  [[ $cmd == create && $rc -eq 0 ]] || teardown
  exit "$rc"
}

# CPU seconds (user + system) this script's finished children used: unlike wall time, it does
# not depend on what else the machine is doing.
hz=$(getconf CLK_TCK)
child_cpu() { awk -v hz="$hz" '{ printf "%d", ($16 + $17) / hz }' "/proc/$$/stat"; }
timed() { # timed LABEL COMMAND...: runs it with elapsed seconds before each output line
  local label=$1 t0=$SECONDS c0 took
  c0=$(child_cpu)
  shift
  say "$label"
  "$@" 2>&1 | while IFS= read -r line; do printf '[%4ds] %s\n' $((SECONDS - t0)) "$line"; done
  took="$((SECONDS - t0))s (CPU $(($(child_cpu) - c0))s)"
  times+=("$label: $took")
  say "$label: done in $took"
}

# First URI of an enabled source for `suite` on the host, from deb822 .sources and one-line
# .list files.
host_uri() {
  local suite=$1 f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk -v suite="$suite" 'BEGIN { RS = ""; FS = "\n" }
      { uri = ""; ok = 0; on = 1
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); uri = a[2] }
          if ($i ~ /^Suites:/) { n = split($i, a, /[ \t]+/); for (j = 2; j <= n; j++) if (a[j] == suite) ok = 1 }
          if ($i ~ /^Enabled:[ \t]*no/) on = 0
        }
        if (ok && on && uri != "") { print uri; exit } }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r $f ]] || continue
    awk -v suite="$suite" '$1 == "deb" {
        i = 2; if ($2 ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit } }' "$f"
  done
}

# --- create: a minimal Debian 12 that reaches Debian the way the host does ------------------
create_root() {
  if ! command -v debootstrap >/dev/null 2>&1; then
    say "installing debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends debootstrap >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
  fi
  local mirror security f
  mirror=${FRESH_MIRROR:-$(host_uri bookworm | head -n1)}
  mirror=${mirror:-http://deb.debian.org/debian}
  security=$(host_uri bookworm-security | head -n1)
  security=${security:-http://deb.debian.org/debian-security}
  # debootstrap fetches with wget, which reads http_proxy, not apt's configuration.
  if [[ -z ${http_proxy:-} ]]; then
    eval "$(apt-config shell apt_http_proxy Acquire::http::Proxy)"
    [[ -n ${apt_http_proxy:-} && ${apt_http_proxy} != DIRECT ]] && export http_proxy=$apt_http_proxy
  fi

  timed "debootstrap --variant=minbase bookworm from $mirror" \
    debootstrap --variant=minbase bookworm "$root" "$mirror"

  # Sources as in the official image (main, updates, security), on the host's mirrors.
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # The host's apt proxy and release-date settings (a snapshot mirror's Release may be "expired").
  for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
    if [[ -f $f ]] && grep -qiE 'proxy|Check-Valid-Until|Check-Date' "$f"; then
      cp "$f" "$root/etc/apt/apt.conf.d/99host-$(basename "$f")"
    fi
  done
}

# --- run: mounts, a clean checkout, the Quick start commands ---------------------------------
run_jobs() {
  local node name major minor v job
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  grep -qs localhost "$root/etc/hosts" || printf '127.0.0.1 localhost\n::1 localhost\n' >>"$root/etc/hosts"

  # /proc, and a minimal /dev of our own (not the host's): the usual nodes, ptys, shared memory.
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o mode=755,nosuid devtmp "$root/dev"
  for node in "null 1 3" "zero 1 5" "full 1 7" "random 1 8" "urandom 1 9" "tty 5 0"; do
    read -r name major minor <<<"$node"
    if ! mknod -m 666 "$root/dev/$name" c "$major" "$minor" 2>/dev/null; then
      touch "$root/dev/$name" && mount --bind "/dev/$name" "$root/dev/$name"
    fi
  done
  ln -s /proc/self/fd "$root/dev/fd"
  ln -s /proc/self/fd/0 "$root/dev/stdin"
  ln -s /proc/self/fd/1 "$root/dev/stdout"
  ln -s /proc/self/fd/2 "$root/dev/stderr"
  mkdir "$root/dev/pts" "$root/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts"
  ln -s pts/ptmx "$root/dev/ptmx"
  mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"

  # A clean checkout of HEAD, as a newcomer's clone.
  [[ -z $(git -C "$src" status --porcelain --untracked-files=no) ]] ||
    say "note: uncommitted changes in $src are not part of the test (HEAD is)"
  say "checkout $(git -C "$src" rev-parse --short HEAD) -> /root/libeventcollab"
  git -C "$src" archive --format=tar --prefix=libeventcollab/ HEAD | tar -x -C "$root/root"

  # A login-like, clean environment: nothing of the host's leaks in but CI, JOBS and a proxy.
  local env_in=(HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
  for v in CI JOBS http_proxy https_proxy no_proxy; do
    if [[ -n ${!v:-} ]]; then env_in+=("$v=${!v}"); fi
  done
  for job in "${jobs[@]}"; do
    timed "in the chroot: bash build.sh $job" chroot "$root" \
      /usr/bin/env -i -C /root/libeventcollab "${env_in[@]}" bash build.sh "$job" </dev/null
  done
}

case $cmd in
  all)
    work=$(mktemp -d "${FRESH_TMP:-/var/tmp}/eventcollab-fresh.XXXXXX")
    touch "$work/$marker"
    ;;
  create)
    if [[ -e $work && -n $(ls -A "$work") ]]; then
      say "$work exists and is not empty"
      exit 2
    fi
    mkdir -p "$work"
    work=$(cd "$work" && pwd)
    touch "$work/$marker"
    ;;
  run | remove)
    [[ -e $work || $cmd == run ]] || exit 0 # nothing to remove
    work=$(cd "$work" && pwd)
    if [[ ! -f $work/$marker ]]; then
      say "$work was not made by '$0 create'; not touching it"
      exit 2
    fi
    ;;
esac
root=$work/root
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

case $cmd in
  all)
    create_root
    run_jobs
    ;;
  create) create_root ;;
  run) run_jobs ;;
  remove) ;;
esac
[[ $cmd == remove ]] || say "$cmd passed in $((SECONDS - t_all))s: $(IFS=';'; echo "${times[*]}")"

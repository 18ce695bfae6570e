#!/bin/sh
# Smoke test of the Debian package, run by CI after `mvn verify`:
#   packaging/test/deb-smoke.sh [path/to/supervisord-j_*_amd64.deb]
#
# 1. static checks (any user): dpkg-deb -c lists the files, dpkg-deb -I has Depends on a Java
#    runtime and glibc 2.34, Architecture amd64 and the conffile, maintainer scripts parse, lintian
#    (when installed) finds no error or warning;
# 2. as root only: dpkg -i, systemd-analyze verify on the installed unit (when systemd-analyze is
#    there; systemd need not run), `supervisord-j check`, a foreground run of a test program in
#    /etc/supervisord-j/conf.d/ as user nobody (with a NOTIFY_SOCKET receiver when python3 is there),
#    the unit's ExecReload on a bad and a good conf.d file, SIGTERM, the doc files and man pages,
#    ctl's class-data archive under /var/cache, then dpkg --purge and a check that nothing is left.
# Needs: dpkg-deb; for part 2 root, a Java runtime package (the package's Depends) and python3
# (optional). It refuses to touch a machine where supervisord-j is already installed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
deb=${1:-}
if [ -z "$deb" ]; then
    for f in "$here"/../target/supervisord-j_*_amd64.deb; do deb=$f; done
fi
[ -f "$deb" ] || { echo "deb-smoke: no package at '${deb}'; run mvn package first" >&2; exit 2; }
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")

failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...
    d=$1; shift
    if "$@"; then pass "$d"; else fail "$d"; fi
}

echo "== static checks of $deb"
contents=$(dpkg-deb -c "$deb")
for path in \
    ./usr/share/supervisord-j/supervisord-j.jar ./usr/share/supervisord-j/ctl.jar \
    ./usr/share/supervisord-j/supervisord-j ./usr/share/supervisord-j/ctl \
    ./usr/share/supervisord-j/lib/picocli- ./usr/share/supervisord-j/lib/jnr-posix- \
    ./usr/share/supervisord-j/lib/jnr-unixsocket- ./usr/share/supervisord-j/lib/jffi-1.4.3-native.jar \
    "./usr/bin/supervisord-j -> ../share/supervisord-j/supervisord-j" \
    "./usr/bin/ctl -> ../share/supervisord-j/ctl" \
    ./usr/share/bash-completion/completions/ctl \
    ./etc/supervisord-j/supervisord.conf ./etc/supervisord-j/conf.d/ ./var/log/supervisord-j/ \
    ./usr/lib/systemd/system/supervisord-j.service \
    ./usr/share/doc/supervisord-j/README.md.gz ./usr/share/doc/supervisord-j/changelog.gz \
    ./usr/share/doc/supervisord-j/copyright ./usr/share/man/man8/supervisord-j.8.gz \
    ./usr/share/man/man1/ctl.1.gz ./usr/share/man/man5/supervisord-j.conf.5.gz ./var/cache/supervisord-j/; do
    check "dpkg-deb -c lists $path" sh -c 'printf "%s\n" "$1" | grep -qF -- "$2"' - "$contents" "$path"
done
check "launchers are executable" sh -c 'printf "%s\n" "$1" | grep -E "^-rwxr-xr-x .*\./usr/share/supervisord-j/(supervisord-j|ctl)$" | wc -l | grep -qx 2' - "$contents"
check "log directory is 0750" sh -c 'printf "%s\n" "$1" | grep -qE "^drwxr-x--- root/root .*\./var/log/supervisord-j/$"' - "$contents"
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends on a Java runtime ($depends)" sh -c 'printf "%s" "$1" | grep -qE "(default-jre-headless|java[0-9]*-runtime-headless)"' - "$depends"
check "Depends on glibc 2.34 or newer ($depends)" sh -c 'printf "%s" "$1" | grep -qF "libc6 (>= 2.34)"' - "$depends"
arch=$(dpkg-deb -f "$deb" Architecture)
check "Architecture: amd64 ($arch; posix/ is written for x86_64)" test "$arch" = amd64
check "dpkg-deb -I shows Depends" sh -c 'dpkg-deb -I "$1" | grep -q "^ Depends: "' - "$deb"
check "supervisord.conf is a conffile" sh -c 'dpkg-deb -I "$1" conffiles | grep -qx /etc/supervisord-j/supervisord.conf' - "$deb"
if command -v lintian >/dev/null 2>&1; then
    # Deliberate exceptions are overridden, with the reason, in packaging/lintian/supervisord-j.
    check "lintian: no error or warning" sh -c \
        'out=$(lintian --tag-display-limit 0 "$1" 2>&1 | grep -E "^[EW]: "); [ -z "$out" ] || { echo "$out"; exit 1; }' - "$deb"
else
    echo "skip lintian (not installed)"
fi
ctrl=$(mktemp -d)
dpkg-deb -e "$deb" "$ctrl"
for s in postinst prerm postrm; do
    check "$s parses" sh -n "$ctrl/$s"
done
rm -rf "$ctrl"

if [ "$(id -u)" != 0 ]; then
    echo "== not root: skipping dpkg -i, check, foreground run and purge"
    [ "$failures" = 0 ] || { echo "deb-smoke: $failures failure(s)" >&2; exit 1; }
    exit 0
fi

echo "== install"
if dpkg-query -W -f='${Status}' supervisord-j 2>/dev/null | grep -q installed; then
    echo "deb-smoke: supervisord-j is already installed here; not touching it" >&2
    exit 2
fi
work=$(mktemp -d)
touch "$work/t0" # ctl's caches older than this are not ours
daemon=
receiver=
cleanup() {
    [ -n "$daemon" ] && kill -KILL "$daemon" 2>/dev/null || true
    [ -n "$receiver" ] && kill "$receiver" 2>/dev/null || true
    rm -f /etc/supervisord-j/conf.d/smoke.conf /etc/supervisord-j/conf.d/bad.conf /etc/supervisord-j/conf.d/added.conf
    if dpkg-query -W -f='${Status}' supervisord-j 2>/dev/null | grep -q installed; then
        dpkg --purge supervisord-j >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

if ! dpkg -i "$deb" >"$work/dpkg.out" 2>&1; then
    cat "$work/dpkg.out" >&2
    echo "deb-smoke: dpkg -i failed (a missing Java runtime? apt-get install default-jre-headless)" >&2
    exit 1
fi
pass "dpkg -i"
check "/usr/bin/supervisord-j resolves to the packaged launcher" \
    test "$(readlink -f /usr/bin/supervisord-j)" = /usr/share/supervisord-j/supervisord-j
check "ctl version runs" sh -c '/usr/bin/ctl version >/dev/null'
check "supervisord-j version runs" sh -c '/usr/bin/supervisord-j --version >/dev/null 2>&1 || /usr/bin/supervisord-j version >/dev/null 2>&1'

echo "== documentation"
doc=/usr/share/doc/supervisord-j
version=$(dpkg-deb -f "$deb" Version)
check "changelog.gz is gzip, Debian format, for this version ($version)" \
    sh -c 'zcat "$1/changelog.gz" | head -1 | grep -qE "^supervisord-j \($2\) [a-z]+; urgency="' - "$doc" "$version"
check "copyright is machine-readable (DEP-5)" \
    sh -c 'head -1 "$1/copyright" | grep -qx "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"' - "$doc"
for jar in /usr/share/supervisord-j/lib/*.jar; do
    set -f
    # Files: patterns (one per line, first after "Files:") as shell globs over the installed path.
    covered=no
    for pattern in $(sed -n 's/^Files: *//p; s/^       \(usr\/[^ ]*\)$/\1/p' "$doc/copyright" | grep '^usr/'); do
        case ${jar#/} in $pattern) covered=yes ;; esac
    done
    set +f
    check "copyright lists the licence of $(basename "$jar")" test "$covered" = yes
done
command -v man >/dev/null 2>&1 || echo "skip man -l (man-db not installed)"
for page in man8/supervisord-j.8.gz man1/ctl.1.gz man5/supervisord-j.conf.5.gz; do
    command -v man >/dev/null 2>&1 || break
    check "man -l renders $page without a warning" sh -c \
        'out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null); [ -z "$out" ] || { echo "$out"; exit 1; }
         LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$1" 2>/dev/null | grep -q "^NAME"' - "/usr/share/man/$page"
done

if command -v deb-systemd-helper >/dev/null 2>&1; then
    check "postinst enabled the unit (multi-user.target.wants)" \
        test -L /etc/systemd/system/multi-user.target.wants/supervisord-j.service
fi

if command -v systemd-analyze >/dev/null 2>&1; then
    # Without a running systemd it still loads the unit and checks its executables and settings.
    check "systemd-analyze verify supervisord-j.service" \
        systemd-analyze verify /usr/lib/systemd/system/supervisord-j.service
else
    echo "skip systemd-analyze verify (systemd-analyze not installed)"
fi

echo "== check and a foreground run"
check "supervisord-j check (empty conf.d)" sh -c '/usr/bin/supervisord-j check -c /etc/supervisord-j/supervisord.conf >"$1" 2>&1' - "$work/check.out"
cat "$work/check.out"
check "a fresh package's configuration has no warning" sh -c '! grep -qi warn "$1"' - "$work/check.out"
cat >/etc/supervisord-j/conf.d/smoke.conf <<'EOF'
[program:smoke]
command=/bin/sh -c 'echo smoke-ok; id -un; exec sleep 1000'
user=nobody
startsecs=1
stdout_logfile=/var/log/supervisord-j/smoke.out.log
EOF
check "supervisord-j check (with conf.d/smoke.conf)" /usr/bin/supervisord-j check -c /etc/supervisord-j/supervisord.conf

notify=
if command -v python3 >/dev/null 2>&1; then
    notify=$work/notify
    python3 - "$notify" >"$work/notify.out" 2>&1 <<'EOF' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
while True:
    print(s.recv(4096).decode().replace("\n", "|"), flush=True)
EOF
    receiver=$!
    i=0
    while [ ! -S "$notify" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
fi

log=/var/log/supervisord-j/supervisord.log
if [ -n "$notify" ]; then
    NOTIFY_SOCKET=$notify /usr/bin/supervisord-j -n -c /etc/supervisord-j/supervisord.conf >"$work/daemon.out" 2>&1 &
else
    /usr/bin/supervisord-j -n -c /etc/supervisord-j/supervisord.conf >"$work/daemon.out" 2>&1 &
fi
daemon=$!
i=0
until grep -q "success: smoke entered RUNNING" "$log" 2>/dev/null || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
check "smoke program RUNNING (daemon log)" grep -q "success: smoke entered RUNNING" "$log"
check "pidfile /run/supervisord-j.pid holds the daemon's pid" \
    sh -c 'test "$(cat /run/supervisord-j.pid 2>/dev/null)" = "$1"' - "$daemon"
check "program ran as nobody, its stdout logged" \
    sh -c 'grep -q smoke-ok /var/log/supervisord-j/smoke.out.log && grep -qx nobody /var/log/supervisord-j/smoke.out.log'
if [ -S /run/supervisord-j.sock ]; then
    check "control socket is 0700 root:root" \
        sh -c 'test "$(stat -c %a:%U:%G /run/supervisord-j.sock)" = 700:root:root'
else
    echo "skip control socket mode (the daemon does not serve /run/supervisord-j.sock yet)"
fi
if [ -n "$notify" ]; then
    i=0
    until grep -q "^READY=1" "$work/notify.out" || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
    check "READY=1 on NOTIFY_SOCKET, with the program RUNNING" \
        grep -q "^READY=1|STATUS=1 RUNNING, 0 other" "$work/notify.out"
fi

echo "== systemctl reload: the unit's ExecReload, run as systemd would (without a shell)"
unit=/usr/lib/systemd/system/supervisord-j.service
reload=$(sed -n 's/^ExecReload=//p' "$unit" | sed "s/\$MAINPID/$daemon/g") # systemd's one substitution
spawns() { grep -c "spawned: 'smoke'" "$log"; }
before=$(spawns)
printf '[program:bad]\ncommand=/bin/true\nstartsecs=soon\n' >/etc/supervisord-j/conf.d/bad.conf
status=0
(set -f; $reload) >"$work/reload-bad.out" 2>&1 || status=$?
check "ExecReload fails on a rejected configuration (exit $status)" test "$status" != 0
sed 's/^/     | /' "$work/reload-bad.out"
check "ExecReload names the file and line of the error" \
    grep -qF /etc/supervisord-j/conf.d/bad.conf:3 "$work/reload-bad.out"
check "the running program was not touched" test "$(spawns)" = "$before"
rm -f /etc/supervisord-j/conf.d/bad.conf
printf '[program:added]\ncommand=/bin/sleep 1000\n' >/etc/supervisord-j/conf.d/added.conf
status=0
(set -f; $reload) >"$work/reload-good.out" 2>&1 || status=$?
check "ExecReload succeeds on a good configuration (exit $status)" test "$status" = 0
check "ExecReload added the new program" grep -qx "added: added process group" "$work/reload-good.out"
check "the unchanged program kept running" test "$(spawns)" = "$before"
rm -f /etc/supervisord-j/conf.d/added.conf
[ "$failures" = 0 ] || { echo "--- reload outputs"; cat "$work/reload-bad.out" "$work/reload-good.out"; }

sleep 1
kill -TERM "$daemon"
status=0
wait "$daemon" || status=$?
daemon=
check "daemon exits 0 after SIGTERM" test "$status" = 0
check "pidfile removed" test ! -e /run/supervisord-j.pid
if [ -n "$notify" ]; then
    # The receiver writes what it got on its own time: wait for the line, up to 10 s.
    for _ in $(seq 100); do grep -q "^STOPPING=1" "$work/notify.out" 2>/dev/null && break; sleep 0.1; done
    check "STOPPING=1 on NOTIFY_SOCKET" grep -q "^STOPPING=1" "$work/notify.out"
    kill "$receiver" 2>/dev/null || true
    receiver=
fi
if [ "$failures" != 0 ]; then
    echo "--- daemon output"; cat "$work/daemon.out"
    echo "--- daemon log"; cat "$log" 2>/dev/null || true
    [ -n "$notify" ] && { echo "--- notifications"; cat "$work/notify.out"; }
fi

echo "== ctl's class-data archive, as root"
# ctl version above started the archive maker in the background; it must write under /var/cache.
i=0
until ls /var/cache/supervisord-j/ctl-*.jsa >/dev/null 2>&1 && ! ls -d /var/cache/supervisord-j/*.lock >/dev/null 2>&1 \
    || [ $i -ge 600 ]; do sleep 0.1; i=$((i + 1)); done
check "root's ctl archive is in /var/cache/supervisord-j ($(du -sh /var/cache/supervisord-j 2>/dev/null | cut -f1))" \
    sh -c 'ls /var/cache/supervisord-j/ctl-*.jsa >/dev/null 2>&1'
check "nothing new of ctl in root's own cache (${XDG_CACHE_HOME:-$HOME/.cache}/supervisord-j)" \
    sh -c '[ -z "$(find "$1" -newer "$2" 2>/dev/null)" ]' - "${XDG_CACHE_HOME:-$HOME/.cache}/supervisord-j" "$work/t0"

echo "== purge"
rm -f /etc/supervisord-j/conf.d/smoke.conf
check "dpkg --purge" sh -c 'dpkg --purge supervisord-j >/dev/null'
for p in /usr/share/supervisord-j /usr/bin/supervisord-j /usr/bin/ctl /etc/supervisord-j /var/log/supervisord-j \
    /var/cache/supervisord-j /usr/share/doc/supervisord-j /usr/share/man/man1/ctl.1.gz \
    /usr/lib/systemd/system/supervisord-j.service /etc/systemd/system/supervisord-j.service \
    /etc/systemd/system/multi-user.target.wants/supervisord-j.service; do
    check "gone after purge: $p" sh -c '! test -e "$1" && ! test -L "$1"' - "$p"
done

if [ "$failures" != 0 ]; then
    echo "deb-smoke: $failures failure(s)" >&2
    exit 1
fi
echo "deb-smoke: all checks passed"

#!/bin/sh
# Follows docs/deploy.md word for word: every ```sh block of the page is extracted and each of its
# commands is run in order, from the repository's root, as a reader would type it. Where the page
# needs a machine this test does not have, a stand-in on PATH does the same thing locally:
#   sudo        we are root already;
#   apt-get     `install ./x.deb` is dpkg -i and then what the postinst does on a systemd host
#               (start the unit); `install NAME...` only checks that NAME is installed (.ci/run
#               installs them: nginx gunicorn python3-django python3-uvicorn);
#   mvn         the package is built before this test (mvn package), so the page's build is skipped;
#   systemctl   systemd does not run here: start/reload run the installed unit's ExecStart and
#               ExecReload as systemd would; disable --now of nginx has nothing to do;
#   editor      puts a random DJANGO_SECRET_KEY in the file it is given;
#   journalctl  prints what the daemon wrote to its stdout/stderr.
# A command must exit 0, or with a status its own comment on the page gives ("exit 3 if ..."); a
# `-f` (follow) command must print something before it is stopped. Then the site must answer
# through nginx from both app servers, with %(here)s pointing where the page put the site.
# Run it through isolated.sh (it installs the package and starts nginx on 127.0.0.1:8080):
#   sudo packaging/test/isolated.sh packaging/test/deploy-walkthrough.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
doc=$root/docs/deploy.md
unit=/usr/lib/systemd/system/supervisord-j.service

[ "$(id -u)" = 0 ] || { echo "deploy-walkthrough: needs root (run it through isolated.sh)" >&2; exit 2; }
if dpkg-query -W -f='${Status}' supervisord-j 2>/dev/null | grep -q installed; then
    echo "deploy-walkthrough: supervisord-j is already installed here; not touching it" >&2
    exit 2
fi
for d in "$root"/packaging/target/supervisord-j_*_amd64.deb; do
    [ -f "$d" ] || { echo "deploy-walkthrough: no package in packaging/target; run mvn package first" >&2; exit 2; }
done

failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; failures=$((failures + 1)); }

work=$(mktemp -d)
shims=$work/bin
mkdir -p "$shims"
export WALK_WORK="$work" WALK_UNIT="$unit"

cat >"$shims/sudo" <<'EOF'
#!/bin/sh
exec "$@"
EOF
cat >"$shims/mvn" <<'EOF'
#!/bin/sh
echo "(walkthrough: using the package built before this test instead of: mvn $*)"
EOF
cat >"$shims/apt-get" <<'EOF'
#!/bin/sh
set -eu
[ "$1" = install ] || { echo "(walkthrough: apt-get $1 is not expected on the page)" >&2; exit 1; }
shift
for p in "$@"; do
    case $p in
        -*) ;;
        ./*|/*) dpkg -i "$p" && systemctl start supervisord-j ;; # what postinst does under systemd
        *) dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
               { echo "(walkthrough: package $p is not installed; .ci/run installs it)" >&2; exit 1; } ;;
    esac
done
EOF
cat >"$shims/systemctl" <<'EOF'
#!/bin/sh
set -eu
[ "${1:-}" = --system ] && shift
verb=$1; shift
now=; [ "${1:-}" = --now ] && { now=1; shift; }
unit=${1%.service}
setting() { sed -n "s/^$1=//p" "$WALK_UNIT"; }
if [ "$unit" != supervisord-j ]; then
    echo "(walkthrough: systemd is not running: nothing to do for systemctl $verb $unit)"
    exit 0
fi
case $verb in
    start)
        # Type=notify: started once the daemon says READY=1 (the control socket answering is the
        # closest sign without a NOTIFY_SOCKET receiver).
        set -f
        # shellcheck disable=SC2046
        setsid $(setting ExecStart) >>"$WALK_WORK/journal" 2>&1 </dev/null &
        echo $! >"$WALK_WORK/mainpid"
        i=0
        until /usr/bin/ctl status >/dev/null 2>&1 || [ $? = 3 ] || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
        [ $i -lt 300 ] || { echo "supervisord-j did not start; see journalctl" >&2; exit 1; } ;;
    reload)
        set -f
        # shellcheck disable=SC2046
        exec $(setting ExecReload | sed "s/\$MAINPID/$(cat "$WALK_WORK/mainpid")/g") ;;
    status) exec /usr/bin/ctl status ;;
    *) echo "(walkthrough: systemctl $verb is not emulated)" >&2; exit 1 ;;
esac
EOF
cat >"$shims/editor" <<'EOF'
#!/bin/sh
set -eu
key=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
sed -i "s|^DJANGO_SECRET_KEY=.*|DJANGO_SECRET_KEY=$key|" "$1"
EOF
cat >"$shims/journalctl" <<'EOF'
#!/bin/sh
cat "$WALK_WORK/journal"
EOF
chmod +x "$shims"/*

cleanup() {
    # The daemon stops its programs itself (SIGTERM, as systemctl stop); the namespace goes after.
    if [ -f "$work/mainpid" ]; then
        pid=$(cat "$work/mainpid")
        kill -TERM "$pid" 2>/dev/null || true
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    dpkg --purge supervisord-j >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The page's commands, one per line (a trailing backslash continues a line).
awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 } on { if (sub(/\\$/, "")) { line = line $0; next } print line $0; line = "" }' \
    "$doc" >"$work/commands"
[ -s "$work/commands" ] || { echo "deploy-walkthrough: no sh blocks in $doc" >&2; exit 2; }

cd "$root"
n=0
while IFS= read -r cmd; do
    case $cmd in ''|'#'*) continue ;; esac
    n=$((n + 1))
    allowed=0
    # "exit 3 if something is not RUNNING" in the line's comment: 3 is an answer, not a failure.
    extra=$(printf '%s' "$cmd" | sed -n 's/.*#.*exit \([0-9][0-9]*\) if.*/\1/p')
    follow=; case $cmd in *' -f '*) follow=1 ;; esac
    status=0
    limit=60; [ -n "$follow" ] && limit=10 # a follower runs until stopped: long enough for its first lines on a busy machine
    PATH="$shims:$PATH" timeout "$limit" sh -c "$cmd" >"$work/out.$n" 2>&1 </dev/null || status=$?
    if [ "$status" = 0 ] || [ "$status" = "$extra" ]; then
        pass "[$n] $cmd (exit $status)"
    elif [ -n "$follow" ] && [ "$status" = 124 ] && [ -s "$work/out.$n" ]; then
        pass "[$n] $cmd (followed until stopped)"
    else
        fail "[$n] $cmd (exit $status)"
        sed 's/^/     | /' "$work/out.$n" >&2
    fi
done <"$work/commands"

echo "== the site, as the page describes it"
conf=/etc/supervisord-j/supervisord.conf
site=http://127.0.0.1:8080/
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$site")" = 200 ] || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$site")" = 200 ]; then pass "nginx answers 200 on $site"; else fail "nginx answers 200 on $site"; fi
servers=$(for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do curl -s -D - -o /dev/null "$site" | tr -d '\r' | sed -n 's/^X-App-Server: //ip'; done | sort -u | tr '\n' ' ')
if [ "$servers" = "gunicorn uvicorn " ]; then pass "nginx balances over both app servers ($servers)"; else fail "nginx balances over both app servers (saw: $servers)"; fi
if [ "$(curl -s -o /dev/null -w '%{http_code}' "${site}static/site.css")" = 200 ]; then pass "static files served"; else fail "static files served"; fi
/usr/bin/ctl status >"$work/status" 2>&1 || true
for p in django:gunicorn django:uvicorn nginx; do
    if grep -qE "^$p +RUNNING" "$work/status"; then pass "$p RUNNING"; else fail "$p RUNNING"; cat "$work/status" >&2; fi
done
if /usr/bin/supervisord-j check --json -c "$conf" 2>/dev/null | grep -q '"directory" *: *"/srv/django/site"'; then
    pass "%(here)s is /srv/django, where the site lives"
else
    fail "%(here)s is /srv/django, where the site lives"
fi
if awk '/supervisord-j started with pid/ { exit } / (WARN|ERRO|CRIT) / { bad = 1 } END { exit bad }' "$work/journal"; then
    pass "the fresh package starts without a warning"
else
    fail "the fresh package starts without a warning"
fi
secret=$(sed -n 's/^DJANGO_SECRET_KEY=//p' /srv/django/django.env)
if cat "$work"/out.* /var/log/supervisord-j/supervisord.log "$work/journal" | grep -qF -- "$secret"; then
    fail "the secret key appears in no output and no log"
else
    pass "the secret key appears in no output and no log"
fi
if [ "$failures" != 0 ]; then
    echo "--- daemon output (journal)"; cat "$work/journal" 2>/dev/null || true
    echo "--- daemon log"; cat /var/log/supervisord-j/supervisord.log 2>/dev/null || true
    echo "deploy-walkthrough: $failures failure(s)" >&2
    exit 1
fi
echo "deploy-walkthrough: all $n commands of docs/deploy.md and the checks passed"

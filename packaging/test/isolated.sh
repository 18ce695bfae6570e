#!/bin/sh
# Runs a command as root in a private mount and network namespace where /etc, /usr, /var, /run,
# /srv and /root are throw-away overlays: dpkg -i, the files it writes, the pidfile, the logs and
# ctl's cache vanish with the namespace, and other users of the machine never see them; the
# network has only its own loopback, so fixed ports (the walkthrough's nginx on 127.0.0.1:8080)
# meet no other test. For a shared development machine and for CI alike.
#   sudo packaging/test/isolated.sh                 # deb-smoke.sh, then deploy-walkthrough.sh, each in a fresh namespace
#   sudo packaging/test/isolated.sh command...      # one command
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
    status=0
    "$0" "$here/deb-smoke.sh" || status=1
    "$0" "$here/deploy-walkthrough.sh" || status=1
    exit $status
fi
# Without ip(8) (iproute2) the loopback of a new network namespace could not be brought up: share the host's.
net=--net
command -v ip >/dev/null 2>&1 || net=
export ISOLATED_NET="$net"
exec unshare --mount $net --propagation private sh -euc '
    [ -z "$ISOLATED_NET" ] || ip link set lo up
    scratch=$(mktemp -d)
    mount -t tmpfs tmpfs "$scratch"
    for d in /etc /usr /var /run /srv /root; do
        [ -d "$d" ] || continue
        n=$(echo "$d" | tr / _)
        mkdir -p "$scratch/$n.up" "$scratch/$n.work"
        mount -t overlay overlay -o "lowerdir=$d,upperdir=$scratch/$n.up,workdir=$scratch/$n.work" "$d"
    done
    "$@"
' isolated "$@"

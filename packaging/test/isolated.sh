#!/bin/sh
# Runs a command (by default deb-smoke.sh) as root in a private mount namespace where /etc, /usr,
# /var and /run are throw-away overlays: dpkg -i, the files it writes, the pidfile and the logs
# vanish with the namespace, and other users of the machine never see them. For trying the smoke
# test on a shared development machine; CI runs deb-smoke.sh directly.
#   sudo packaging/test/isolated.sh [command...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- "$here/deb-smoke.sh"
exec unshare --mount --propagation private sh -euc '
    scratch=$(mktemp -d)
    mount -t tmpfs tmpfs "$scratch"
    for d in /etc /usr /var /run; do
        n=$(echo "$d" | tr / _)
        mkdir -p "$scratch/$n.up" "$scratch/$n.work"
        mount -t overlay overlay -o "lowerdir=$d,upperdir=$scratch/$n.up,workdir=$scratch/$n.work" "$d"
    done
    "$@"
' isolated "$@"

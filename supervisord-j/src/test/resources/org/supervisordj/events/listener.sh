#!/bin/sh
# An event listener in plain sh: READY, one header line, exactly len bytes of payload, then
# RESULT. Appends "eventname payload-first-line" to the file $1 for every event.
# head -c may read past len on a pipe, but the daemon sends nothing more before our RESULT.
out=$1
while :; do
    printf 'READY\n'
    read -r header || exit 0
    len=${header##*len:}
    name=${header##*eventname:}
    name=${name%% *}
    payload=$(head -c "$len")
    printf '%s %s\n' "$name" "$(printf '%s\n' "$payload" | head -n 1)" >> "$out"
    printf 'RESULT 2\nOK'
done

#!/bin/sh
# A listener in plain shell: each header line and payload go to the file $1, the header on one
# line and the payload on the next; every event is answered OK.
out=$1
while :; do
    printf 'READY\n'
    IFS= read -r header || exit 0
    len=${header##*len:}
    payload=$(head -c "$len")
    printf '%s\n%s\n' "$header" "$payload" >> "$out"
    printf 'RESULT 2\nOK'
done

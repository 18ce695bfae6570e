#!/bin/sh
# A local sendmail stand-in: each mail it is given becomes a file in the directory $1
# (mail.1, mail.2, ...), written under a temporary name first so a reader never sees half a mail.
dir=$1
n=1
while [ -e "$dir/mail.$n" ]; do n=$((n + 1)); done
cat > "$dir/.mail.$n.tmp" && mv "$dir/.mail.$n.tmp" "$dir/mail.$n"

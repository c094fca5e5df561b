#!/bin/sh
# Echo test function (format default): greets its whole stdin on stdout and logs the byte count on stderr.
input=$(cat)
printf 'hello %s\n' "$input"
printf 'log: got %s bytes\n' "$(printf %s "$input" | wc -c)" >&2

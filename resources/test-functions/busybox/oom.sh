#!/bin/sh
# Out-of-memory test function: doubles a shell variable until the memory cgroup's OOM killer ends it.
# Memory is held in the shell itself (not in a tmpfs file), so it counts against the limit whatever is mounted.
echo 'allocating until killed' >&2
x=0123456789abcdef
while :; do
  x="$x$x"
done

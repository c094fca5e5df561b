#!/bin/sh
# Memory-filling test function: fills its memory to just under the container's limit (within 1 MiB), then hangs.
# It stalls at its limit without being killed, so only its timeout ends it and no OOM notice comes. Memory is held
# in shell variables (not in a tmpfs file), so it counts against the limit whatever is mounted.
usage_file=/sys/fs/cgroup/memory.current
limit_file=/sys/fs/cgroup/memory.max
if [ ! -r "$usage_file" ]; then
  usage_file=/sys/fs/cgroup/memory/memory.usage_in_bytes
  limit_file=/sys/fs/cgroup/memory/memory.limit_in_bytes
fi
read -r limit <"$limit_file"
step=262144
chunk=$(head -c $step /dev/zero | tr '\0' x)
i=0
read -r usage <"$usage_file"
while [ $((usage + step)) -le $((limit - 786432)) ]; do
  i=$((i + 1))
  eval "hold$i=\$chunk"
  read -r usage <"$usage_file"
done
echo "filled to $usage of $limit bytes" >&2
while :; do sleep 3600; done

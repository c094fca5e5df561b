#!/bin/sh
# Failing test function: logs to stderr and exits with a distinctive non-zero code.
echo 'about to fail' >&2
exit 3

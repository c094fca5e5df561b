#!/bin/sh
# Slow test function: outlives any short call timeout so timeouts and kills can be tested.
echo 'sleeping 30 s' >&2
sleep 30
echo 'woke up'

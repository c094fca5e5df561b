#!/bin/sh
# Fn "default" format: the request body arrives on stdin, stdout is the response, stderr is the call's log.
name=$(cat)
[ -n "$name" ] || name=world
echo "Hello, ${name}!"
echo "greeted ${name} ($(printf %s "$name" | wc -c) bytes)" >&2

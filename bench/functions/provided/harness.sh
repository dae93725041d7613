#!/bin/bash
# The bare baseline for the bash runtime: the same answer, events in on stdin and results out on stdout.
while IFS= read -r _; do
  now=$EPOCHREALTIME
  micros=${now#*.}
  echo "{\"entered\":${now%.*}${micros:0:3}.${micros:3}}"
done

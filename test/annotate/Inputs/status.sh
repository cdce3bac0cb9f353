#!/bin/sh
# Run a command and print its exit status, so a test can check it exactly.
"$@"
echo "status: $?"

#!/bin/sh
# The C unit tests of lib/route and lib/proc print TAP themselves; they
# run in the scratch directory.
. "$(dirname "$0")/lib.sh"
exec unit-route

#!/bin/sh
# The C unit tests of the checks lava-tdload makes (lib/tdef); they print TAP themselves.
exec unit-tdload

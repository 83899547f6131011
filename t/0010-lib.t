#!/bin/sh
# The C unit tests of lib/ print TAP themselves.
exec unit-lib

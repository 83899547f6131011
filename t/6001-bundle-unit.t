#!/bin/sh
# The C unit tests of the bundle modules print TAP themselves.
exec unit-bundle

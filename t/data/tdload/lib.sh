# lib.sh - the setting the lava-tdload tests share, sourced after t/lib.sh
# shellcheck shell=sh

# The fixtures; stand-in device helpers and one known handler, so the
# tests depend on neither device/ nor the built handlers.
data=$LAVA_SRC/t/data/tdload
mkdir dev hpath &&
printf '#!/bin/sh\necho runner\n' >dev/lava-test-runner &&
printf '#!/bin/sh\nexit 0\n' >hpath/known &&
chmod +x hpath/known || exit 1
LAVA_DEVICEDIR=$TRASH/dev
LAVA_HANDLER_PATH=$TRASH/hpath
export data LAVA_DEVICEDIR LAVA_HANDLER_PATH

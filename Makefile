# lava-tools: host and device sides of a board-test pipeline.
# make; make check; make check SANITIZE=1; make bench; make install

VERSION = 0.2.0
PREFIX  = /usr/local
BINDIR  = $(PREFIX)/bin
LIBEXECDIR = $(PREFIX)/libexec/lava
HANDLERDIR = $(LIBEXECDIR)/handlers
DEVICEDIR  = $(PREFIX)/share/lava/device
MANDIR  = $(PREFIX)/share/man
# Where the old name of lava-runjob, lava-run, is installed as a link (none
# if empty); Debian's lava-dispatcher owns /usr/bin/lava-run (lava-runjob(1)).
COMPATDIR = $(BINDIR)
DESTDIR =

CC      ?= cc
PKGS    = yaml-0.1 uuid libpcre2-8 json-c
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -D_GNU_SOURCE
CPPFLAGS += -Ilib -DLAVA_VERSION='"$(VERSION)"' -DLAVA_HANDLERDIR='"$(HANDLERDIR)"' \
	-DLAVA_DEVICEDIR='"$(DEVICEDIR)"' $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS))

# Sanitizer builds live in their own tree so they never mix with normal objects.
ifeq ($(SANITIZE),1)
O       = build/san
CFLAGS  += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined,float-cast-overflow
export ASAN_OPTIONS = detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS = print_stacktrace=1:halt_on_error=1:exitcode=86
else
O       = build
endif

PROGS    = $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
SCRIPTS  = $(patsubst cmd/%.sh,%,$(wildcard cmd/*.sh))
LIBSRC   = $(wildcard lib/*.c)
LIBOBJ   = $(patsubst lib/%.c,$(O)/lib/%.o,$(LIBSRC))
HANDLERS_C  = $(patsubst handlers/%.c,%,$(wildcard handlers/*.c))
HANDLERS_SH = $(patsubst handlers/%.sh,%,$(wildcard handlers/*.sh))
UNITS    = $(patsubst t/unit/%.c,%,$(wildcard t/unit/*.c))
FUZZ     = $(patsubst t/fuzz/%.c,%,$(wildcard t/fuzz/*.c))
DEVICE   = $(wildcard device/*)
MAN      = $(wildcard man/*.[1-9])

BINS = $(addprefix $(O)/bin/,$(PROGS) $(SCRIPTS)) \
	$(addprefix $(O)/handlers/,$(HANDLERS_C) $(HANDLERS_SH)) \
	$(addprefix $(O)/unit/,$(UNITS)) \
	$(addprefix $(O)/fuzz/,$(FUZZ))

all: $(BINS) $(O)/bin/lava-run

$(O)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/liblava.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(O)/bin/%: cmd/%.c $(O)/liblava.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/liblava.a $(LDLIBS)

$(O)/handlers/%: handlers/%.c $(O)/liblava.a lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/liblava.a $(LDLIBS)

$(O)/unit/%: t/unit/%.c $(O)/liblava.a lib/*.h t/unit/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/liblava.a $(LDLIBS)

# A fuzz harness of a program runs that program's main() under another name.
$(O)/fuzz/main-%.o: cmd/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Dmain=lava_fuzz_main -c -o $@ $<

$(O)/fuzz/lava-%: t/fuzz/lava-%.c $(O)/fuzz/main-lava-%.o $(O)/liblava.a t/fuzz/fuzz.h
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/fuzz/main-lava-$*.o $(O)/liblava.a $(LDLIBS)

$(O)/fuzz/%: t/fuzz/%.c $(O)/liblava.a lib/*.h t/fuzz/fuzz.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/liblava.a $(LDLIBS)

# Shell programs get the version and install paths filled in at build time.
SUBST = sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@HANDLERDIR@|$(HANDLERDIR)|g' \
	-e 's|@DEVICEDIR@|$(DEVICEDIR)|g'

# The start they share, lib/prologue.sh, takes the place of the line that
# sources it, so an installed script stands alone.
PROLOGUE = sed -e '/^\. lib\/prologue\.sh$$/{r lib/prologue.sh' -e 'd;}' \
	-e '/^\# shellcheck source=lib\/prologue\.sh$$/d'

$(O)/bin/%: cmd/%.sh lib/prologue.sh
	@mkdir -p $(@D)
	$(PROLOGUE) $< | $(SUBST) > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

$(O)/handlers/%: handlers/%.sh
	@mkdir -p $(@D)
	$(SUBST) $< > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

# The old name of lava-runjob, for scripts that call it.
$(O)/bin/lava-run: $(O)/bin/lava-runjob
	ln -sf lava-runjob $@

# The tests run the built programs first on PATH; LAVA_DEVICEDIR and
# LAVA_HANDLER_PATH point at the source tree's device scripts and built handlers.
TESTENV = PATH="$(CURDIR)/$(O)/bin:$(CURDIR)/$(O)/unit:$$PATH" \
	LAVA_BUILD="$(CURDIR)/$(O)" LAVA_SRC="$(CURDIR)" \
	LAVA_DEVICEDIR="$(CURDIR)/device" LAVA_HANDLER_PATH="$(CURDIR)/$(O)/handlers"

T = t/*.t
check: all
	$(TESTENV) prove $(PROVEFLAGS) $(T)

check-qemu: all
	$(TESTENV) prove $(PROVEFLAGS) t/qemu/*.t

BENCH = t/bench/*.sh
bench: all
	@for b in $(BENCH); do echo "== $$b"; $(TESTENV) sh $$b || exit 1; done

# make fuzz [FUZZ_TIME=SECONDS] [FUZZ_JOBS=N] [FUZZ_ONLY=HARNESS...]: each
# harness under afl-fuzz with ASan and UBSan, for FUZZ_TIME seconds, from
# its seeds in t/fuzz/seeds/; findings land in build/afl/out/HARNESS/.
FUZZ_TIME = 30
FUZZ_JOBS = 1
FUZZ_ONLY = $(FUZZ)
fuzz:
	AFL_USE_ASAN=1 AFL_USE_UBSAN=1 CFLAGS='-O1 -g -fno-omit-frame-pointer' \
		$(MAKE) O=build/afl CC=afl-clang-fast $(addprefix build/afl/fuzz/,$(FUZZ_ONLY))
	$(TESTENV) sh t/fuzz/run $(FUZZ_TIME) $(FUZZ_JOBS) $(FUZZ_ONLY)

demo: all
	$(TESTENV) $(O)/bin/lava-runjob -o demo-job examples/demo-job.yaml

# The Debian package, built by dpkg-buildpackage from a copy of the tracked
# files (it writes its output beside its source): build/deb/*.deb, then
# lintian, which fails on any error or warning that debian/ does not
# override with a reason.
DEBDIR = build/deb
deb:
	rm -rf $(DEBDIR) && mkdir -p $(DEBDIR)/lava-tools-$(VERSION)
	git ls-files -z | cpio -0pdm --quiet $(DEBDIR)/lava-tools-$(VERSION)
	cd $(DEBDIR)/lava-tools-$(VERSION) && dpkg-buildpackage -us -uc -b
	lintian --fail-on error,warning --display-info $(DEBDIR)/lava-tools_$(VERSION)_*.changes

# The package installed into a throwaway root, run from there.
check-deb:
	LAVA_DEB="$(CURDIR)/$(DEBDIR)/lava-tools_$(VERSION)_$$(dpkg --print-architecture).deb" \
		LAVA_SRC="$(CURDIR)" prove $(PROVEFLAGS) t/deb/*.t

lint-man:
	mandoc -Tlint -Wwarning $(MAN)

deps:
	sh .ci/deps

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(HANDLERDIR) $(DESTDIR)$(DEVICEDIR)
	for p in $(PROGS) $(SCRIPTS); do install -m 755 $(O)/bin/$$p $(DESTDIR)$(BINDIR)/; done
	for h in $(HANDLERS_C) $(HANDLERS_SH); do install -m 755 $(O)/handlers/$$h $(DESTDIR)$(HANDLERDIR)/; done
	for d in $(DEVICE); do install -m 755 $$d $(DESTDIR)$(DEVICEDIR)/; done
	for m in $(MAN); do s=$${m##*.}; mkdir -p $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	if [ -n "$(COMPATDIR)" ]; then to=$(BINDIR)/lava-runjob; \
		[ "$(COMPATDIR)" != "$(BINDIR)" ] || to=lava-runjob; \
		mkdir -p $(DESTDIR)$(COMPATDIR) && ln -sf $$to $(DESTDIR)$(COMPATDIR)/lava-run; fi

clean:
	rm -rf build

.PHONY: all check check-qemu bench demo fuzz deb check-deb lint-man deps install clean
.SECONDARY: $(LIBOBJ) $(patsubst %,$(O)/fuzz/main-%.o,$(PROGS))

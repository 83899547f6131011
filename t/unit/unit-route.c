/* unit-route.c - TAP tests of lib/proc */
#include <sys/stat.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "proc.h"
#include "tap.h"


static void
test_find(void)
{
	char *p, *also;
	int noexec;
	FILE *f;

	mkdir("a", 0777);
	mkdir("b", 0777);
	mkdir("a/dir", 0777);
	f = fopen("a/h", "w"), fclose(f), chmod("a/h", 0755);
	f = fopen("b/h", "w"), fclose(f), chmod("b/h", 0755);
	f = fopen("a/plain", "w"), fclose(f), chmod("a/plain", 0644);
	p = lava_proc_find("h", "a:b", NULL, &also, &noexec);
	ok(p && !strcmp(p, "a/h") && also && !strcmp(also, "b/h"),
	    "first on the path wins; the second is said");
	free(p), free(also);
	p = lava_proc_find("h", "::b:", "a", &also, &noexec);
	ok(p && !strcmp(p, "b/h") && also && !strcmp(also, "a/h"),
	    "empty entries skipped; the dir comes last");
	free(p), free(also);
	p = lava_proc_find("plain", "a", NULL, &also, &noexec);
	ok(!p && noexec, "not executable: not found, noted");
	p = lava_proc_find("dir", "a", NULL, &also, &noexec);
	ok(!p && !noexec, "a directory is not a handler");
	p = lava_proc_find("h", NULL, "b", &also, &noexec);
	ok(p && !strcmp(p, "b/h") && !also, "no path list: the dir");
	free(p);
}

static void
test_run(void)
{
	char *argv[] = { "sh", "-c", NULL, NULL };
	char *envp[] = { "PATH=/bin:/usr/bin", NULL };
	struct lava_proc p = { "/bin/sh", argv, envp, NULL, -1, "t", 5, 1, NULL };
	struct lava_proc_end e;
	argv[2] = "exit 0";
	ok(lava_proc_run(&p, &e) == 0 && e.started, "exit 0");
	argv[2] = "exit 7";
	ok(lava_proc_run(&p, &e) != 0 && WEXITSTATUS(e.status) == 7,
	    "exit 7");
	argv[2] = "kill -TERM $$";
	ok(lava_proc_run(&p, &e) != 0 && WIFSIGNALED(e.status) &&
	    WTERMSIG(e.status) == SIGTERM, "killed by a signal");
	argv[2] = "sleep 60";
	p.limit = 0.2;
	ok(lava_proc_run(&p, &e) != 0 && e.timedout,
	    "stopped at its time limit");
	p.limit = 5;
	p.path = "/nonexistent/x";
	ok(lava_proc_run(&p, &e) == -1 && !e.started, "cannot be run");
}

/* Run in a scratch directory: it makes a/ and b/ there. */
int
main(void)
{
	test_find();
	test_run();
	return tap_done();
}

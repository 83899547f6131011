/*
 * ztest-init.c - /init of a guest with no shell: it prints what a Zephyr
 * ztest image prints on its console (START, PASS, FAIL, SKIP with each
 * test's real duration, the suite summary, PROJECT EXECUTION ...) and
 * powers the machine off. Built static, it is the whole initramfs.
 */
#include <stdio.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One test: sleeps ms milliseconds, then reports verdict. */
static void
test(const char *name, long ms, const char *verdict, double *total)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	double t0 = now(), d;

	printf("===================================================================\n");
	printf("START - %s\n", name);
	nanosleep(&ts, NULL);
	if (verdict[0] == 'F')
		printf("\n    Assertion failed at WEST_TOPDIR/zephyr/tests/"
		    "ztest/base/src/main.c:42: %s: (1 not equal to 2)\n", name);
	d = now() - t0;
	*total += d;
	printf(" %s - %s in %.3f seconds\n", verdict, name, d);
	fflush(stdout);
}

int
main(void)
{
	double total = 0;

	printf("*** Booting Zephyr OS build v3.6.0 ***\n");
	printf("Running TESTSUITE framework_tests\n");
	test("test_assert_pass", 10, "PASS", &total);
	test("test_assert_fail", 20, "FAIL", &total);
	test("test_skipped", 0, "SKIP", &total);
	test("test_timing", 250, "PASS", &total);
	printf("===================================================================\n");
	printf("TESTSUITE framework_tests failed.\n\n");
	printf("------ TESTSUITE SUMMARY START ------\n\n");
	printf("SUITE FAIL -  66.67%% [framework_tests]: pass = 2, fail = 1, "
	    "skip = 1, total = 4 duration = %.3f seconds\n", total);
	printf("------ TESTSUITE SUMMARY END ------\n\n");
	printf("===================================================================\n");
	printf("PROJECT EXECUTION SUCCESSFUL\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}

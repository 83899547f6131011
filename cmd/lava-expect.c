/* lava-expect - power a board on, boot it, run interactive steps, start the tests */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "device.h"
#include "err.h"
#include "expect.h"
#include "jobact.h"
#include "steps.h"
#include "mem.h"
#include "proc.h"
#include "ydoc.h"

static const char USAGE[] = "[-n] [-a ACKS] [-D DEVICE] [-o JOB] "
    "[-s NAME=VALUE] [-w INPUT] JOBFILE";

#define MAXPATS LAVA_JA_PATS
#define DEFLIMIT 300.0		/* an action's time limit by default */

#define E_INFRA LAVA_E_INFRA
#define E_JOB LAVA_E_JOB
#define E_TEST LAVA_E_TEST

static const char *jobfile, *jobdir;
static struct lava_dev dev;
static int havedev, dry;
static struct lava_steps st = { .dev = &dev };
static double deflimit = DEFLIMIT;

/* A mistake in the job file at node n: reported, -1. */
#define bad(...) lava_ja_bad(jobfile, __VA_ARGS__)

/* boot: method: u-boot or minimal. */
static int
boot(const struct lava_ynode *a)
{
	const struct lava_ynode *cmds = lava_yget(a, "commands"), *l = NULL;
	const struct lava_ynode *al = lava_yget(a, "auto_login");
	const char *method = lava_ystr(lava_yget(a, "method"));
	const char *lp, *user, *pp, *pw;
	pcre2_code *pr[MAXPATS], *re;
	double limit = deflimit, end, t0 = lava_proc_now();
	size_t npr = 0, i;
	char msg[300];
	int uboot, rc = -1;

	if (method == NULL ||
	    (strcmp(method, "u-boot") != 0 && strcmp(method, "minimal") != 0 &&
		strcmp(method, "bootloader") != 0))
		return bad(lava_yget(a, "method") ? lava_yget(a, "method") : a,
		    "boot: method: not u-boot, bootloader or minimal");
	/* bootloader: LAVA's method that stops at the bootloader's prompt. */
	uboot = strcmp(method, "u-boot") == 0 ? 1 :
	    strcmp(method, "bootloader") == 0 ? 2 : 0;
	if (lava_ja_timeout(jobfile, lava_yget(a, "timeout"), &limit) < 0 ||
	    lava_ja_patterns(
		jobfile, lava_yget(a, "prompts"), "prompts", pr, &npr) < 0)
		return -1;
	if (npr == 0 && uboot != 2 && dev.v[LAVA_D_SHELL_PROMPT] == NULL)
		return bad(a, "boot: no prompts, and the device file has no "
		    "shell_prompt");
	if (uboot && (dev.v[LAVA_D_INTERRUPT_PROMPT] == NULL ||
	    dev.v[LAVA_D_BOOTLOADER_PROMPT] == NULL))
		return bad(a, "boot: method: u-boot needs the device file's "
		    "interrupt_prompt and bootloader_prompt");
	if (uboot && lava_ystr(cmds)) {
		if ((l = lava_dev_commands(&dev, cmds->str)) == NULL)
			return bad(cmds, "commands: %s: not in the device "
			    "file's boot_commands", cmds->str);
	} else if (uboot && cmds && cmds->type == LAVA_Y_SEQ &&
	    (cmds->n > 0 || uboot == 2)) {
		l = cmds;
		for (i = 0; i < l->n; i++)
			if (lava_ystr(l->kids[i]) == NULL)
				return bad(
				    l->kids[i], "commands: not a command");
	} else if (uboot)
		return bad(cmds ? cmds : a, "boot: commands: not a name of the "
		    "device file's boot_commands or a list of commands");
	lp = lava_st_orfield(&st, al, "login_prompt", LAVA_D_LOGIN_PROMPT);
	user = lava_st_orfield(&st, al, "username", LAVA_D_USERNAME);
	pp =
	    lava_st_orfield(&st, al, "password_prompt", LAVA_D_PASSWORD_PROMPT);
	pw = lava_st_orfield(&st, al, "password", LAVA_D_PASSWORD);
	if (dry) {
		lava_ja_refree(pr, npr);
		return 0;
	}
	if (npr == 0 && dev.v[LAVA_D_SHELL_PROMPT])
		pr[npr++] = lava_exp_re(dev.v[LAVA_D_SHELL_PROMPT], msg,
		    sizeof(msg));
	end = lava_proc_now() + limit;
	if (lava_st_reset(&st, limit) < 0)
		goto out;
	if (uboot) {
		if (lava_st_expectdev(
			&st, LAVA_D_INTERRUPT_PROMPT, end, "boot", limit) < 0 ||
		    lava_st_interrupt(&st) < 0 ||
		    lava_st_expectdev(
			&st, LAVA_D_BOOTLOADER_PROMPT, end, "boot", limit) < 0)
			goto out;
		for (i = 0; i < l->n; i++)
			if (lava_st_type(&st, l->kids[i]->str, "boot") < 0 ||
			    ((i + 1 < l->n || uboot == 2) &&
				lava_st_expectdev(&st, LAVA_D_BOOTLOADER_PROMPT,
				    end, "boot", limit) < 0))
				goto out;
		if (uboot == 2) {
			rc = 0;
			goto out;
		}
	}
	if (lp && *lp) {
		if ((re = lava_exp_re(lp, msg, sizeof(msg))) == NULL) {
			bad(al, "auto_login: login_prompt: %s", msg);
			lava_st_fail(&st, E_JOB, "boot",
			    "auto_login: login_prompt: %s", msg);
			goto out;
		}
		rc = lava_st_expect(&st, &re, 1, end, "boot",
		    "the login prompt", E_INFRA, limit);
		pcre2_code_free(re);
		if (rc < 0 ||
		    lava_st_type(&st, user ? user : "root", "boot") < 0)
			goto out;
		rc = -1;
		if (pp && *pp) {
			re = lava_exp_re(pp, msg, sizeof(msg));
			rc = re ? lava_st_expect(&st, &re, 1, end, "boot",
				      "the password "
				      "prompt",
				      E_INFRA, limit)
				: -1;
			pcre2_code_free(re);
			if (rc < 0 ||
			    lava_st_type(&st, pw ? pw : "", "boot") < 0)
				goto out;
			rc = -1;
		}
	}
	if (lava_st_expect(&st, pr, npr, end, "boot", "the shell prompt",
		E_INFRA, limit) >= 0)
		rc = 0;
out:
	lava_st_record(&st, "ACTION", "boot %s %.3f", rc ? "fail" : "pass",
	    lava_proc_now() - t0);
	lava_ja_refree(pr, npr);
	return rc;
}

/* Write s and a line feed to dir/name; -1 reported. */
static int
put(const char *dir, const char *name, const char *s)
{
	char *p = lava_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	int rc = f && fprintf(f, "%s\n", s) >= 0 ? 0 : -1;

	if (f && fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		lava_warn("%s", p);
	free(p);
	return rc;
}

/* The exception of a failure entry as an error class, or NULL (-1 reported if
 * unknown). */
static int
exclass(const struct lava_ynode *f, const char **cls)
{
	const struct lava_ynode *x = lava_yget(f, "exception");
	const char *s = lava_ystr(x);

	*cls = NULL;
	if (x == NULL)
		return 0;
	if (s && strcmp(s, "InfrastructureError") == 0)
		*cls = E_INFRA;
	else if (s && strcmp(s, "JobError") == 0)
		*cls = E_JOB;
	else if (s && strcmp(s, "TestError") == 0)
		*cls = E_TEST;
	else
		return bad(x, "exception: not InfrastructureError, JobError or "
		    "TestError");
	return 0;
}

/* One item of an interactive script: 0, or -1 when it ends the job. */
static int
item(const struct lava_ynode *it, pcre2_code **pr, size_t npr, int discard,
    double aend, const char *suite, const char *dir)
{
	const struct lava_ynode *fl = lava_yget(it, "failures");
	const struct lava_ynode *sl = lava_yget(it, "successes");
	const struct lava_ynode *cmd = lava_yget(it, "command");
	const struct lava_ynode *nm = lava_yget(it, "name");
	pcre2_code *re[MAXPATS], *nl;
	double limit = 0, end = aend, t0 = lava_proc_now();
	size_t n = npr, nf = 0, i;
	const char *cls, *res = "fail";
	char msg[300], *cd = NULL;
	int r, rc = -1;

	if (it->type != LAVA_Y_MAP ||
	    (nm && lava_ja_name(jobfile, nm, "name") < 0) ||
	    lava_ja_timeout(jobfile, lava_yget(it, "timeout"), &limit) < 0 ||
	    (cmd && !lava_ynull(cmd) && lava_ystr(cmd) == NULL))
		return it->type != LAVA_Y_MAP ? bad(it, "script: an item is "
		    "not a mapping") : cmd && !lava_ystr(cmd) ?
		    bad(cmd, "command: not text") : -1;
	for (i = 0; fl && i < fl->n; i++)
		if (exclass(fl->kids[i], &cls) < 0)
			return -1;
	memcpy(re, pr, npr * sizeof(*pr));
	if ((fl && fl->type != LAVA_Y_SEQ) || (sl && sl->type != LAVA_Y_SEQ))
		return bad(fl && fl->type != LAVA_Y_SEQ ? fl : sl, "successes "
		    "and failures: not lists of message entries");
	for (i = 0; fl && i < fl->n; i++)
		if (lava_ja_patterns(jobfile, lava_yget(fl->kids[i], "message"),
			"failures: "
			"message",
			re, &n) < 0)
			goto out;
	nf = n - npr;
	for (i = 0; sl && i < sl->n; i++)
		if (lava_ja_patterns(jobfile, lava_yget(sl->kids[i], "message"),
			"successes: "
			"message",
			re, &n) < 0)
			goto out;
	if (dry) {
		rc = 0;
		goto out;
	}
	if (limit > 0 && t0 + limit < end)
		end = t0 + limit;
	if (!limit)
		limit = aend - t0;
	cd = lava_ystr(cmd) ? lava_ja_subst(&st.subs, cmd->str) : NULL;
	if (cd) {
		lava_exp_forget(&st.exp);
		if (lava_st_type(&st, cd, suite) < 0)
			goto out;
		/* The echo: the command as typed, then its line's end. */
		nl = lava_exp_lit(cd);
		r = discard ? lava_st_expect(&st, &nl, 1, end, suite,
				  "the echo", E_TEST, limit)
			    : 0;
		pcre2_code_free(nl);
		nl = lava_exp_re("\n", msg, sizeof(msg));
		r = r < 0 || !discard ? r
				      : lava_st_expect(&st, &nl, 1, end, suite,
					    "the echo", E_TEST, limit);
		pcre2_code_free(nl);
		if (r < 0)
			goto out;
	}
	if ((r = lava_st_expect(&st, re, n, end, suite,
		 "a prompt, success or failure", E_TEST, limit)) < 0)
		goto out;
	if ((size_t)r < npr)
		res = sl && sl->n ? "fail" : "pass";
	else if ((size_t)r < npr + nf) {
		exclass(fl->kids[r - npr], &cls);
		if (cls) {
			const char *e = lava_ystr(lava_yget(fl->kids[r - npr],
			    "error"));

			lava_st_fail(&st, cls, suite, "%s",
			    e ? e
			      : lava_ystr(
				    lava_yget(fl->kids[r - npr], "message")));
			goto out;
		}
	} else
		res = "pass";
	if ((size_t)r >= npr &&
	    !(lava_ystr(lava_yget(it, "wait_for_prompt")) &&
		strcmp(lava_ystr(lava_yget(it, "wait_for_prompt")), "false") ==
		    0) &&
	    lava_st_expect(
		&st, pr, npr, end, suite, "a prompt", E_TEST, limit) < 0)
		goto out;
	if (nm == NULL && strcmp(res, "fail") == 0) {
		lava_st_fail(&st, E_TEST, suite, "command failed: %s",
		    cd ? cd : "(none)");
		goto out;
	}
	rc = 0;
out:
	if (!dry && nm) {
		char *d = lava_xasprintf("%s/results/%s", dir, nm->str);

		lava_st_record(&st, "CASE", "%s %s %s %.3f", suite, nm->str,
		    rc ? "fail" : res, lava_proc_now() - t0);
		if (mkdir(d, 0777) == 0 || errno == EEXIST)
			put(d, "result", rc ? "fail" : res);
		free(d);
	}
	free(cd);
	lava_ja_refree(re + npr, n - npr);
	return rc;
}

/* test: interactive: a list of scripts, numbered by the action's place. */
static int
interactive(const struct lava_ynode *l, double limit, unsigned stage)
{
	const struct lava_ynode *s, *nm, *items;
	pcre2_code *pr[MAXPATS];
	size_t i, j, npr;
	char *suite, *dir = NULL, *d2;
	double end = lava_proc_now() + limit, t0 = lava_proc_now();
	uuid_t u;
	char us[37];
	int rc = 0;

	if (l->type != LAVA_Y_SEQ)
		return bad(l, "interactive: not a list of scripts");
	for (i = 0; rc == 0 && i < l->n; i++) {
		s = l->kids[i];
		nm = lava_yget(s, "name");
		items = lava_yget(s, "script");
		npr = 0;
		if (lava_ja_name(jobfile, nm ? nm : s, "interactive: name") <
			0 ||
		    lava_ja_patterns(jobfile, lava_yget(s, "prompts"),
			"prompts", pr, &npr) < 0)
			return -1;
		if (npr == 0 || items == NULL || items->type != LAVA_Y_SEQ) {
			lava_ja_refree(pr, npr);
			return bad(s, "interactive: a script needs prompts and "
			    "a script list");
		}
		suite = lava_xasprintf("%u_%s", stage, nm->str);
		if (!dry) {
			dir = lava_xasprintf("%s/results", jobdir);
			mkdir(dir, 0777);
			free(dir);
			dir = lava_xasprintf("%s/results/%s", jobdir, suite);
			d2 = lava_xasprintf("%s/results", dir);
			uuid_generate(u);
			uuid_unparse_lower(u, us);
			mkdir(dir, 0777);
			mkdir(d2, 0777);
			free(d2);
			d2 = lava_xasprintf("metadata:\n  name: %s\n  format: "
			    "Lava-Test Test Definition 1.0\n", suite);
			if (put(dir, "analyzer_assigned_uuid", us) < 0 ||
			    put(dir, "testdef.yaml", d2) < 0)
				rc = lava_st_fail(&st, E_INFRA, suite,
				    "cannot write results");
			free(d2);
		}
		for (j = 0; rc == 0 && j < items->n; j++)
			rc = item(items->kids[j], pr, npr, strcmp("discard",
			    lava_ystr(lava_yget(s, "echo")) ?
			    lava_ystr(lava_yget(s, "echo")) : "") == 0, end,
			    suite, dir);
		if (!dry)
			lava_st_record(&st, "ACTION", "%s %s %.3f", suite,
			    rc ? "fail" : "pass", lava_proc_now() - t0);
		lava_ja_refree(pr, npr);
		free(suite);
		free(dir);
		dir = NULL;
	}
	return rc;
}

/* deploy: to: tftp, checked; with -n, each file's name and URL. */
static int
deploy(const struct lava_ynode *a)
{
	static const char *const files[] = { "kernel", "ramdisk", "dtb" };
	const char *to = lava_ystr(lava_yget(a, "to")), *url;
	double limit = deflimit, pause;
	long tries;
	size_t i;

	if (to == NULL || strcmp(to, "tftp") != 0)
		return bad(lava_yget(a, "to") ? lava_yget(a, "to") : a,
		    "deploy: to: not tftp");
	if (lava_yget(a, "kernel") == NULL)
		return bad(a, "deploy: no kernel");
	if (lava_ja_timeout(jobfile, lava_yget(a, "timeout"), &limit) < 0 ||
	    lava_ja_retry(jobfile, a, &tries, &pause) < 0)
		return -1;
	if (dry == 2)
		printf("timeout\t%.0f\n", limit < 1 ? 1 : limit);
	if (dry == 2 && tries > 1)
		printf("retry\t%ld\t%g\n", tries, pause);
	for (i = 0; i < 3; i++) {
		const struct lava_ynode *f = lava_yget(a, files[i]);

		if (f == NULL)
			continue;
		url = lava_ystr(lava_yget(f, "url"));
		if (url == NULL || *url == '\0' || url[0] == '-' ||
		    strpbrk(url, "\t\n\r"))
			return bad(f, "deploy: %s: no url", files[i]);
		if (dry == 2)
			printf("%s\t%s\n", files[i], url);
	}
	return 0;
}


/* Each action of the job in order; *ran is set when the runner started. */
static int
actions(const struct lava_ynode *l, int *ran)
{
	const struct lava_ynode *a, *t;
	unsigned stage = 0;
	double limit, pause;
	long tries;
	size_t i;
	int rc = 0, defs = 0;

	for (i = 0; rc == 0 && l && i < l->n; i++) {
		a = l->kids[i];
		if (defs)
			return bad(a, "actions: nothing may follow the test "
			    "action of the definitions");
		if ((t = lava_yget(a, "deploy")) != NULL)
			rc = dry ? deploy(t) : 0;
		else if ((t = lava_yget(a, "boot")) != NULL) {
			if (lava_ja_retry(jobfile, t, &tries, &pause) < 0)
				return -1;
			rc = dry ? boot(t) :
			    lava_st_retry(&st, "boot", tries, pause, boot, t);
		}
		else if ((t = lava_yget(a, "test")) != NULL) {
			limit = deflimit;
			if (lava_ja_timeout(
				jobfile, lava_yget(t, "timeout"), &limit) < 0)
				return -1;
			if (lava_yget(t, "interactive"))
				rc = interactive(lava_yget(t, "interactive"),
				    limit, stage++);
			else if (lava_yget(t, "definitions")) {
				defs = 1;
				if (!dry && (rc = lava_st_runner(&st)) == 0)
					*ran = 1;
			} else
				return bad(t, "test: neither definitions nor "
				    "interactive");
		} else
			return bad(a,
			    "actions: an action is not deploy, boot or "
			    "test");
	}
	return rc;
}

/* A plain list of definitions: power on, the shell prompt, the runner. */
static int
plain(int *ran)
{
	int rc = lava_st_reset(&st, deflimit);

	if (rc == 0 && dev.v[LAVA_D_SHELL_PROMPT] &&
	    lava_st_expectdev(&st, LAVA_D_SHELL_PROMPT, lava_proc_now() +
	    deflimit, "boot", deflimit) < 0)
		rc = -1;
	if (rc == 0 && (rc = lava_st_runner(&st)) == 0)
		*ran = 1;
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const enum lava_dfield addr[] = { LAVA_D_SERVER_IP,
	    LAVA_D_KERNEL_ADDR, LAVA_D_RAMDISK_ADDR, LAVA_D_DTB_ADDR };
	static const char *const addrname[] = { "SERVER_IP", "KERNEL_ADDR",
	    "RAMDISK_ADDR", "DTB_ADDR" };
	const char *devfile = NULL, *ackpath = NULL, *input = NULL;
	const struct lava_ynode *acts;
	struct lava_ydoc doc = { 0 };
	int c, ran = 0, typed, ackfd = -1, rc, ex;
	char *p;
	size_t i;

	lava_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "a:D:hno:s:w:", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'a':
			ackpath = optarg;
			break;
		case 'D':
			devfile = optarg;
			break;
		case 'h':
			lava_usage(USAGE, 1);
		case 'n':
			dry = 2;
			break;
		case 'o':
			jobdir = st.jobdir = optarg;
			break;
		case 's':
			if ((p = strchr(optarg, '=')) == NULL || p == optarg)
				lava_diex(LAVA_EXIT_USAGE,
				    "-s %s: not NAME=VALUE", optarg);
			*p = '\0';
			lava_ja_subadd(&st.subs, optarg, p + 1);
			break;
		case 'w':
			input = optarg;
			break;
		case 'V':
			lava_version();
		default:
			lava_usage(USAGE, 0);
		}
	}
	if (optind + 1 != argc || (!dry && (jobdir == NULL || input == NULL)))
		lava_usage(USAGE, 0);
	jobfile = argv[optind];
	if (devfile && lava_dev_load(&dev, devfile) < 0) {
		lava_ja_subfree(&st.subs);
		return LAVA_EXIT_USAGE;
	}
	havedev = devfile != NULL;
	for (i = 0; havedev && i < 4; i++)
		if (dev.v[addr[i]])
			lava_ja_subadd(&st.subs, addrname[i], dev.v[addr[i]]);
	if (lava_yload_path(&doc, jobfile) < 0) {
		ex = LAVA_EXIT_USAGE;
		goto done;
	}
	acts = lava_yget(doc.root, "actions");
	st.md = pcre2_match_data_create(64, NULL);
	/* The whole job is checked before the board is touched. */
	if (!dry)
		dry = 1;
	if ((acts && acts->type != LAVA_Y_SEQ &&
	    bad(acts, "actions: not a list") < 0) ||
	    lava_ja_timeout(jobfile, lava_yget(lava_yget(doc.root,
	    "timeouts"), "action"), &deflimit) < 0 ||
	    actions(acts, &ran) < 0) {
		ex = LAVA_EXIT_USAGE;
		goto done;
	}
	if (dry == 2) {
		ex = lava_close_stdout();
		goto done;
	}
	dry = 0;
	signal(SIGPIPE, SIG_IGN);
	if ((typed = open(input, O_WRONLY | O_CLOEXEC)) < 0)
		lava_die(LAVA_EXIT_FAIL, "%s", input);
	if (ackpath && (ackfd = open(ackpath, O_RDONLY | O_CLOEXEC)) < 0)
		lava_die(LAVA_EXIT_FAIL, "%s", ackpath);
	p = lava_xasprintf("%s/actions.tsv", jobdir);
	if ((st.recs = fopen(p, "w")) == NULL)
		lava_die(LAVA_EXIT_FAIL, "%s", p);
	free(p);
	lava_exp_init(&st.exp, STDIN_FILENO, STDOUT_FILENO, typed, ackfd,
	    havedev ? dev.delay_ms : 0);
	if (acts)
		rc = actions(acts, &ran);
	else
		rc = plain(&ran);
	/* Without a runner, the job ends with its steps: the console's
	 * reader sees the end, and so does everything after it. */
	if (!ran || rc < 0)
		close(STDOUT_FILENO);
	lava_exp_drain(&st.exp);
	fclose(st.recs);
	ex = rc < 0 ? LAVA_EXIT_FAIL : LAVA_EXIT_OK;
done:
	pcre2_match_data_free(st.md);
	lava_yfree(&doc);
	lava_ja_subfree(&st.subs);
	if (havedev)
		lava_dev_free(&dev);
	return ex;
}

/* device.c - load and check a device file (lava-device(5)) */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "device.h"
#include "err.h"

enum vtype { T_CMD, T_TEXT, T_RE, T_MS, T_DIR, T_HOST, T_ADDR, T_MAC, T_STORE };

static const struct {
	const char *name;
	enum vtype type;
} fields[LAVA_D_NFIELDS] = {
	[LAVA_D_CONNECTION] = { "connection_command", T_CMD },
	[LAVA_D_POWER_ON] = { "power_on_command", T_CMD },
	[LAVA_D_POWER_OFF] = { "power_off_command", T_CMD },
	[LAVA_D_HARD_RESET] = { "hard_reset_command", T_CMD },
	[LAVA_D_INTERRUPT_PROMPT] = { "interrupt_prompt", T_RE },
	[LAVA_D_INTERRUPT_CHAR] = { "interrupt_char", T_TEXT },
	[LAVA_D_BOOTLOADER_PROMPT] = { "bootloader_prompt", T_RE },
	[LAVA_D_LOGIN_PROMPT] = { "login_prompt", T_RE },
	[LAVA_D_USERNAME] = { "username", T_TEXT },
	[LAVA_D_PASSWORD_PROMPT] = { "password_prompt", T_RE },
	[LAVA_D_PASSWORD] = { "password", T_TEXT },
	[LAVA_D_SHELL_PROMPT] = { "shell_prompt", T_RE },
	[LAVA_D_DELAY] = { "test_character_delay", T_MS },
	[LAVA_D_TFTP_DIR] = { "tftp_dir", T_DIR },
	[LAVA_D_SERVER_IP] = { "server_ip", T_HOST },
	[LAVA_D_KERNEL_ADDR] = { "kernel_addr", T_ADDR },
	[LAVA_D_RAMDISK_ADDR] = { "ramdisk_addr", T_ADDR },
	[LAVA_D_DTB_ADDR] = { "dtb_addr", T_ADDR },
	[LAVA_D_TARGET_IP] = { "target_ip", T_HOST },
	[LAVA_D_TARGET_MAC] = { "target_mac", T_MAC },
	[LAVA_D_TARGET_STORAGE] = { "target_storage", T_STORE },
};

static const char *const want[] = {
	[T_CMD] = "a command", [T_TEXT] = "text",
	[T_RE] = "a pattern", [T_MS] = "milliseconds from 0 to 1000",
	[T_DIR] = "an absolute directory path", [T_HOST] = "an IP address",
	[T_ADDR] = "a hexadecimal address such as 0x1000000",
	[T_MAC] = "a MAC address such as 52:54:00:12:34:56",
	[T_STORE] = "METHOD ID pairs such as \"SATA /dev/disk/by-id/ata-X, "
	    "USB /dev/sdb\"",
};

static const char *const shapes[] = {
	[T_MS] = "^(0|[1-9][0-9]{0,3})$",
	[T_DIR] = "^/[A-Za-z0-9/._+-]*$",
	[T_HOST] = "^[0-9A-Fa-f.:]{2,45}$",
	[T_ADDR] = "^0[xX][0-9A-Fa-f]{1,16}$",
	[T_MAC] = "^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$",
	[T_STORE] = "^[A-Za-z0-9_-]+ [!-+.-~-]+(, [A-Za-z0-9_-]+ [!-+.-~-]+)*$",
};

static int
bad(const struct lava_dev *d, const struct lava_ynode *n, const char *fmt,
    const char *a, const char *b)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, a, b);
	lava_warnat(d->file, n->line, n->col, "%s", msg);
	return -1;
}

/* Nonzero if s has a byte below 0x20 or DEL. */
static int
hasctl(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

static int
shaped(enum vtype t, const char *s)
{
	regex_t re;
	int ok;

	if (regcomp(&re, shapes[t], REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

/* Check the value n of field f. */
static int
check(struct lava_dev *d, int f, const struct lava_ynode *n)
{
	const char *name = fields[f].name;
	enum vtype t = fields[f].type;
	pcre2_code *re;
	PCRE2_SIZE off;
	int err;

	if (n->type != LAVA_Y_SCALAR || (t != T_TEXT && lava_ynull(n)))
		return bad(d, n, "%s: not %s", name, want[t]);
	if (hasctl(n->str, n->len))
		return bad(d, n, "%s: holds a control character", name, NULL);
	switch (t) {
	case T_CMD:
		if (n->len == 0)
			return bad(d, n, "%s: empty", name, NULL);
		break;
	case T_TEXT:
		break;
	case T_RE:
		re = pcre2_compile((PCRE2_SPTR)n->str, n->len, 0, &err, &off,
		    NULL);
		if (re == NULL) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(err, msg, sizeof(msg));
			return bad(d, n, "%s: %s", name, (char *)msg);
		}
		pcre2_code_free(re);
		if (n->len == 0)
			return bad(d, n, "%s: empty", name, NULL);
		break;
	default:
		if (!shaped(t, n->str) || (t == T_MS &&
		    strtoul(n->str, NULL, 10) > LAVA_DEV_DELAY_MAX))
			return bad(d, n, "%s: not %s", name, want[t]);
		if (t == T_MS)
			d->delay_ms = (unsigned)strtoul(n->str, NULL, 10);
		break;
	}
	d->v[f] = n->str;
	d->at[f] = n;
	return 0;
}

/* boot_commands: a mapping of names to lists of U-Boot commands. */
static int
commands(struct lava_dev *d, const struct lava_ynode *m)
{
	size_t i, j;

	if (m->type != LAVA_Y_MAP)
		return bad(d, m, "boot_commands: not a mapping of names to "
		    "lists of commands", NULL, NULL);
	for (i = 0; i + 1 < m->n; i += 2) {
		const struct lava_ynode *k = m->kids[i], *l = m->kids[i + 1];

		if (k->type != LAVA_Y_SCALAR || k->len == 0 ||
		    hasctl(k->str, k->len))
			return bad(d, k, "boot_commands: a name is not text",
			    NULL, NULL);
		if (l->type != LAVA_Y_SEQ || l->n == 0)
			return bad(d, l, "boot_commands: %s: not a list of "
			    "commands", k->str, NULL);
		for (j = 0; j < l->n; j++)
			if (l->kids[j]->type != LAVA_Y_SCALAR ||
			    l->kids[j]->len == 0 ||
			    hasctl(l->kids[j]->str, l->kids[j]->len))
				return bad(d, l->kids[j], "boot_commands: %s: "
				    "an item is not a command", k->str, NULL);
	}
	d->commands = m;
	return 0;
}

int
lava_dev_load(struct lava_dev *d, const char *path)
{
	const struct lava_ynode *root;
	size_t i;
	int f;

	memset(d, 0, sizeof(*d));
	d->file = path;
	if (lava_yload_path(&d->doc, path) < 0)
		return -1;
	root = d->doc.root;
	if (root == NULL || root->type != LAVA_Y_MAP) {
		lava_warnat(path, root ? root->line : 1, root ? root->col : 1,
		    "not a mapping of device fields");
		goto fail;
	}
	for (i = 0; i + 1 < root->n; i += 2) {
		const struct lava_ynode *k = root->kids[i];

		if (k->type == LAVA_Y_SCALAR &&
		    strcmp(k->str, "boot_commands") == 0) {
			if (commands(d, root->kids[i + 1]) < 0)
				goto fail;
			continue;
		}
		if (k->type != LAVA_Y_SCALAR ||
		    (f = lava_dev_field(k->str)) < 0) {
			bad(d, k, "%s: unknown field", lava_ystr(k) ?
			    lava_ystr(k) : "(not text)", NULL);
			goto fail;
		}
		if (d->v[f]) {
			bad(d, k, "%s: given twice", k->str, NULL);
			goto fail;
		}
		if (check(d, f, root->kids[i + 1]) < 0)
			goto fail;
	}
	if (d->v[LAVA_D_CONNECTION] == NULL) {
		lava_warnat(path, root->line, root->col,
		    "connection_command: missing");
		goto fail;
	}
	return 0;
fail:
	lava_dev_free(d);
	return -1;
}

void
lava_dev_free(struct lava_dev *d)
{
	lava_yfree(&d->doc);
	memset(d, 0, sizeof(*d));
}

const char *
lava_dev_name(enum lava_dfield f)
{
	return fields[f].name;
}

int
lava_dev_field(const char *name)
{
	int f;

	for (f = 0; f < LAVA_D_NFIELDS; f++)
		if (strcmp(fields[f].name, name) == 0)
			return f;
	return -1;
}

const struct lava_ynode *
lava_dev_commands(const struct lava_dev *d, const char *name)
{
	return lava_yget(d->commands, name);
}

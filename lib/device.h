/* device.h - device files of lava-device(5): how to reach, power and boot a board */
#ifndef LAVA_DEVICE_H
#define LAVA_DEVICE_H

#include "ydoc.h"

/* Longest typed-character delay a device file may ask for, in ms. */
#define LAVA_DEV_DELAY_MAX 1000

/* One field of a device file, as the file holds it. */
enum lava_dfield {
	LAVA_D_CONNECTION,	/* connection_command: the console */
	LAVA_D_POWER_ON,	/* power_on_command */
	LAVA_D_POWER_OFF,	/* power_off_command */
	LAVA_D_HARD_RESET,	/* hard_reset_command */
	LAVA_D_INTERRUPT_PROMPT, /* the bootloader's autoboot prompt (PCRE2) */
	LAVA_D_INTERRUPT_CHAR,	/* what interrupts it */
	LAVA_D_BOOTLOADER_PROMPT, /* the bootloader's prompt (PCRE2) */
	LAVA_D_LOGIN_PROMPT,	/* the kernel's login prompt (PCRE2) */
	LAVA_D_USERNAME,
	LAVA_D_PASSWORD_PROMPT,	/* (PCRE2) */
	LAVA_D_PASSWORD,
	LAVA_D_SHELL_PROMPT,	/* (PCRE2) */
	LAVA_D_DELAY,		/* test_character_delay, ms */
	LAVA_D_TFTP_DIR,	/* the host directory the TFTP server serves */
	LAVA_D_SERVER_IP,	/* that server's address, as the board sees it */
	LAVA_D_KERNEL_ADDR,
	LAVA_D_RAMDISK_ADDR,
	LAVA_D_DTB_ADDR,
	LAVA_D_TARGET_IP,	/* static facts: lava-target-ip */
	LAVA_D_TARGET_MAC,	/* lava-target-mac */
	LAVA_D_TARGET_STORAGE,	/* lava-target-storage: "METHOD ID[, METHOD ID]..." */
	LAVA_D_NFIELDS
};

struct lava_dev {
	struct lava_ydoc doc;
	const char *file;
	const char *v[LAVA_D_NFIELDS];		/* NULL where absent */
	const struct lava_ynode *at[LAVA_D_NFIELDS]; /* the value's node */
	const struct lava_ynode *commands;	/* boot_commands: name -> list */
	unsigned delay_ms;
};

/* Load and check the device file at path into d; -1 reported as "PROG: FILE:LINE:COL: msg". */
int lava_dev_load(struct lava_dev *d, const char *path);
/* Free what d holds. */
void lava_dev_free(struct lava_dev *d);
/* The name of field f in a device file. */
const char *lava_dev_name(enum lava_dfield f);
/* The field named name, or -1. */
int lava_dev_field(const char *name);
/* The list of boot commands named name (a sequence of strings), or NULL. */
const struct lava_ynode *lava_dev_commands(const struct lava_dev *d,
    const char *name);

#endif

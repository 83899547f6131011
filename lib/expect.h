/* expect.h - a console seen through: bytes passed on, patterns waited for, text typed */
#ifndef LAVA_EXPECT_H
#define LAVA_EXPECT_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Bytes of console output kept for matching; older ones are let go. */
#define LAVA_EXP_WINDOW (64u << 10)
/* Longest line of typed text (a command or an ACK line). */
#define LAVA_EXP_LINE 4096

struct lava_exp {
	int in, out;		/* console bytes in; passed on unchanged */
	int typed;		/* the console's input: the one writer */
	int acks;		/* ACK lines to type, or -1 */
	unsigned delay_ms;	/* pause after each typed byte */
	unsigned long line;	/* the console line being read, from 1 */
	int cr;			/* the last byte was a carriage return */
	char win[LAVA_EXP_WINDOW + 1];	/* output not yet matched */
	size_t nwin;
	char ack[LAVA_EXP_LINE];	/* a partial ACK line */
	size_t nack;
	int in_eof, out_err, acks_eof;
};

/* Set e up; acks may be -1. */
void lava_exp_init(struct lava_exp *e, int in, int out, int typed, int acks,
    unsigned delay_ms);
/*
 * Wait until one of the n patterns matches the output not yet matched,
 * passing console bytes on and typing ACK lines meanwhile, at most until
 * the monotonic time end (0: no limit). Returns the pattern's index and
 * lets go of the output up to the match's end; -1 at the time limit; -2
 * at the end of the console.
 */
int lava_exp_wait(struct lava_exp *e, pcre2_code *const *re, size_t n,
    double end, pcre2_match_data *md);
/* Type s, then a line feed if nl, one byte at a time with the delay; -1 on a write error. */
int lava_exp_type(struct lava_exp *e, const char *s, int nl);
/* Let go of the output not yet matched. */
void lava_exp_forget(struct lava_exp *e);
/* Pass the console on and type ACK lines until the console ends. */
void lava_exp_drain(struct lava_exp *e);
/* Compile s as a pattern that matches s itself. */
pcre2_code *lava_exp_lit(const char *s);
/* Compile a PCRE2 pattern; NULL with the message in msg. */
pcre2_code *lava_exp_re(const char *pat, char *msg, size_t msgsz);

#endif

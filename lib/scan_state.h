/*
 * scan_state.h - the state lib/scan.c (console bytes to characters) and
 * lib/scan_signal.c (characters to signals and records) share; no other
 * module includes it: lava_scan_*() of scan.h is the scanner's interface.
 */
#ifndef LAVA_SCAN_STATE_H
#define LAVA_SCAN_STATE_H

#include <stddef.h>

#include "scan.h"

#define SIGPFX "<LAVA_SIGNAL_"
#define SIGPFXLEN 13
#define RUNPFXLEN 17			/* "<LAVA_TEST_RUNNER" */
#define ACKPFX "<LAVA_ACK"
#define ACKPFXLEN 9
#define NONCEPFX "<LAVA_NONCE"
#define NONCEPFXLEN 11
#define SFXLEN 6			/* "<LAVA_", shared by both suffixes */
#define NONCEMAX 64			/* longest nonce, as an ACK token */
#define FOREIGN_SAID 20			/* foreign signals reported one by one */
#define TSMAX 24			/* longest "[ SECONDS.MICROS]" looked at */

_Static_assert(LAVA_SCAN_SIGMAX == 4096, "the messages say 4096 bytes");

/* Where a candidate stands in "<LAVA_SIGNAL_NAME ARG...>[<LAVA_NONCE N>][<LAVA_ACK TOKEN>]"; the suffix states read either suffix. */
enum cst {
	C_IDLE, C_PFX, C_RUN, C_NAME, C_PARAMS,
	C_HELD,				/* continued: waits for its line end */
	C_CLOSED, C_ACKPFX, C_ACKSP, C_ACKTOK, C_ACKEND	/* signal complete */
};

/* Escape sequences being skipped. */
enum { E_NONE, E_ESC, E_CSI, E_STR, E_STRESC, E_INTER };

/* What a kernel timestamp interrupts: a candidate, or a line's start. */
enum { TS_CAND, TS_LINE };

/* How far "[ SECONDS.MICROS]" has been read. */
enum { TS_NONE, TS_OPEN, TS_SECONDS, TS_DOT, TS_FRACTION };

/* The start of a line, for the xtrace rule ("+ " or "++ " opens one). */
enum { LEAD_NONE, LEAD_START, LEAD_PLUS };

struct cand {
	enum cst st;
	int run;			/* which end marker: 1 or 2, 0 undecided */
	int sfx;			/* the suffix being read is the nonce */
	int has_nonce;			/* a nonce suffix was read */
	size_t nonce, noncelen;		/* its offset and length in b */
	char b[LAVA_SCAN_SIGMAX];	/* the candidate's text, normalised */
	size_t n;
	size_t close, ack, tok, toklen;	/* offsets of '>', "<LAVA_ACK", token */
	unsigned long line;		/* line of its '<' */
	int quiet;			/* echo or xtrace: no record */
	int resumed;			/* continued after kernel messages */
	int held_tokok;			/* C_HELD: its token counts */
	int whole;			/* was complete when cut: only its ACK is */
	int kernel_seen;		/* kernel messages came after it */
	unsigned kernel_lines;		/* kernel lines it spans */
};

struct lava_scan {
	lava_scan_out *out;
	void *arg;
	char time[40];			/* the TIME field of records */
	unsigned long line;		/* console line number, from 1 */
	int after_cr;			/* a CR came last: a LF after it ends no line */
	int esc;			/* the escape sequence being skipped, E_* */
	int lead;			/* the line's start, LEAD_* */
	int xtrace;			/* the line is shell xtrace: no records */
	int held_newline;		/* a line starts while a fragment is held */
	int prev;			/* the character before, for the quote rule */
	int done;			/* an end marker was seen */
	int err;			/* out() failed */
	int eol;			/* at a line end or the input's end */
	int ts_state;			/* "[ SECONDS.MICROS]" read so far, TS_* */
	int ts_cuts;			/* what the timestamp interrupts, TS_CAND or TS_LINE */
	int ts_digits;			/* digits after its '.' */
	int no_ts;			/* the next '[' is rescanned text, no timestamp */
	char ts_text[TSMAX];		/* the timestamp's bytes, to rescan if it is none */
	size_t ts_len;
	const char *raw;		/* the bytes being scanned, for the echo rule */
	size_t rawn;			/* their number */
	lava_scan_linefn *at_line;	/* told of each line start, or NULL */
	void *line_arg;
	size_t pos;			/* index in raw of the byte being scanned */
	size_t echo_from;		/* raw[echo_from..] not yet searched for "echo " */
	int echo_seen;			/* the line holds "echo " before this point */
	int echo_at;			/* bytes of "echo ", then 5 + of "ok >", matched */
	int echo_angle;			/* in a <...> inside an ACK line's echo */
	int echo_traced;		/* the "echo " follows "+" or "+ " */
	char echo_prev[2];		/* the two bytes before, while searching */
	char nonce[NONCEMAX + 1];	/* this job's nonce (-N), or "" */
	size_t noncelen;
	int run_open;			/* a STARTRUN with the nonce, no ENDRUN yet */
	unsigned long foreign;		/* signals not of this job so far */
	struct cand slot[2];
	struct cand *cur;		/* the candidate under way (or idle) */
	struct cand *pend;		/* a fragment held past kernel messages, or NULL */
};

/* Is c the blank that separates a signal's words (TAB became one)? */
static inline int
blank(int c)
{
	return c == ' ';
}

/* Is c a byte of a signal's name: [A-Za-z0-9_]? */
static inline int
namech(int c)
{
	return (unsigned)((c | 0x20) - 'a') < 26 ||
	    (unsigned)(c - '0') < 10 || c == '_';
}

/* scan.c: one normalised character of the current line. */
void lava_scan_char(struct lava_scan *s, int c);

/* scan_signal.c: write the record of the complete signal d; tokok says if its token counts. */
void lava_scan_emit(struct lava_scan *s, struct cand *d, int tokok);
/* scan_signal.c: give up on candidate d (why: said, or NULL); a complete signal still gets its record. */
void lava_scan_drop(struct lava_scan *s, struct cand *d, const char *why);
/* scan_signal.c: the current candidate waits for the rest of it past kernel messages. */
void lava_scan_suspend(struct lava_scan *s);
/* scan_signal.c: a normal line starts while a fragment is held: it continues there or is dropped. */
void lava_scan_resolve(struct lava_scan *s);
/* scan_signal.c: feed raw[from..to) to the line's echo state; nonzero once it holds a command's "echo " (not the echo of an ACK line). */
int lava_scan_echo_in(struct lava_scan *s, size_t from, size_t to);
/* scan_signal.c: character c with no candidate under way: a '<' starts one. */
void lava_scan_idle(struct lava_scan *s, int c);
/* scan_signal.c: one character for the candidate under way. */
void lava_scan_cand_step(struct lava_scan *s, int c);

#endif

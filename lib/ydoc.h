/* ydoc.h - a YAML document as a tree of nodes that know their position */
#ifndef LAVA_YDOC_H
#define LAVA_YDOC_H

#include <stddef.h>
#include <stdio.h>

enum lava_ytype { LAVA_Y_SCALAR, LAVA_Y_SEQ, LAVA_Y_MAP };

struct lava_ynode {
	enum lava_ytype type;
	unsigned long line, col;	/* 1-based position in the source */
	char *str;			/* scalar: its bytes, NUL-terminated */
	size_t len;			/* scalar: length of str */
	int plain;			/* scalar: written without quotes */
	struct lava_ynode **kids;	/* seq: items; map: key, value, key, ... */
	size_t n;			/* number of entries in kids */
	size_t size;			/* bytes, with aliases expanded */
	int open;			/* still being parsed */
};

struct lava_ydoc {
	struct lava_ynode *root;	/* NULL for an empty document */
	struct lava_ynode **all;	/* every node, for freeing */
	size_t nall, capall;
};

/* Largest YAML or JSON file accepted, in bytes; also the most its
 * aliases may expand it to (scalar bytes plus one per node). */
#define LAVA_YAML_MAX (16u << 20)
/* Most aliases in one document. */
#define LAVA_YAML_MAXALIAS 10000u

/*
 * Parse the first document of f (named name in messages). On error print
 * "PROG: NAME:LINE:COL: message" and return -1; on success return 0.
 */
int lava_yload(struct lava_ydoc *doc, const char *name, FILE *f);
/* lava_yload() of the len bytes at buf. */
int lava_yload_mem(struct lava_ydoc *doc, const char *name, const char *buf,
    size_t len);
/* lava_yload() of the file at path. */
int lava_yload_path(struct lava_ydoc *doc, const char *path);
/* Free every node of doc. */
void lava_yfree(struct lava_ydoc *doc);
/* The value of key in map, or NULL (also when map is not a mapping). */
struct lava_ynode *lava_yget(const struct lava_ynode *map, const char *key);
/* The string of a scalar node, or NULL for anything else. */
const char *lava_ystr(const struct lava_ynode *node);
/* Nonzero if node is a plain scalar YAML reads as null ("", ~, null). */
int lava_ynull(const struct lava_ynode *node);
/* Write node as JSON: plain numbers, true/false and null keep their type. */
void lava_yjson(FILE *f, const struct lava_ynode *node);

#endif

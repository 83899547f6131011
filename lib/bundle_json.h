/* bundle_json.h - a small JSON reader for the handler output lines of lava-handler(7) */
#ifndef LAVA_BUNDLE_JSON_H
#define LAVA_BUNDLE_JSON_H

#include <stddef.h>

enum lava_jtype { LAVA_J_NULL, LAVA_J_BOOL, LAVA_J_NUM, LAVA_J_STR,
	LAVA_J_ARR, LAVA_J_OBJ };

struct lava_jval {
	enum lava_jtype type;
	char *s;		/* str: decoded bytes (NUL-terminated); num: its text; bool: "true"/"false" */
	size_t len;		/* length of s */
	struct lava_jval *kids;	/* arr: items; obj: key, value, key, value, ... */
	size_t n;		/* number of entries in kids */
};

/* Deepest nesting accepted; handler lines are flat. */
#define LAVA_J_MAXDEPTH 32

/*
 * Parse text[0..n) as one JSON value with nothing but white space after it.
 * Returns 0, or -1 with a static reason in *why and its byte offset in *off.
 */
int lava_jparse(const char *text, size_t n, struct lava_jval *v,
    const char **why, size_t *off);
/* Free what lava_jparse() allocated in v (not v itself). */
void lava_jfree(struct lava_jval *v);
/* The value of key in object obj, or NULL. */
const struct lava_jval *lava_jget(const struct lava_jval *obj, const char *key);

#endif

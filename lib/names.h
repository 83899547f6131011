/* names.h - the rules for names and words that come from files or the device */
#ifndef LAVA_NAMES_H
#define LAVA_NAMES_H

#include <stddef.h>

/* Longest name that becomes a directory or file name. */
#define LAVA_NAME_MAX 200
/* Longest directory name lava_name_dir() makes: room left for "N_". */
#define LAVA_NAME_DIRMAX (LAVA_NAME_MAX - 8)
/* Longest target directory. */
#define LAVA_NAME_TARGETMAX 200
/* Longest ACK token accepted. */
#define LAVA_TOKEN_MAX 64

/*
 * NULL if s[0..len) may be one path component (a metadata.name, a handler
 * name, a run's directory), else why not: not empty, at most
 * LAVA_NAME_MAX bytes, no leading '-' or '.', no "..", '/', '<', '>',
 * space, control byte or DEL.
 */
const char *lava_name_bad(const char *s, size_t len);
/*
 * The directory name of a test's name s[0..len) (any bytes, as LAVA's
 * metadata.name may be) in dst: each byte outside [A-Za-z0-9._+-] and each
 * '.' that follows a '.' becomes '_', the first LAVA_NAME_DIRMAX bytes
 * are kept; "_" for an empty name. Prefixed with "N_" it passes lava_name_bad().
 */
void lava_name_dir(char dst[LAVA_NAME_DIRMAX + 1], const char *s, size_t len);
/* lava_name_bad() of a NUL-terminated string is NULL. */
int lava_name_ok(const char *s);
/* NULL if s may be a relative path inside a repository, else why not. */
const char *lava_name_path_bad(const char *s, size_t len);
/* NULL if s may be given to curl, git or brz as a URL or revision, else why not. */
const char *lava_name_arg_bad(const char *s, size_t len);
/* Nonzero if s is a shell variable name a param may have. */
int lava_name_var_ok(const char *s, size_t len);
/* Nonzero if s is a package name: [A-Za-z0-9.+_:-], not starting with '-'. */
int lava_name_dep_ok(const char *s, size_t len);
/* Nonzero if s is an absolute target dir of [A-Za-z0-9/._-] with no ".." component. */
int lava_name_target_ok(const char *s);
/* Nonzero if s is a UUID: 8-4-4-4-12 hex digits. */
int lava_name_uuid_ok(const char *s);
/* Nonzero if s[0..n) is an ACK token: [A-Za-z0-9._-]{1,64}. */
int lava_token_ok(const char *s, size_t n);
/* Longest answer word typed to the device. */
#define LAVA_ANSWER_WORDMAX 256
/* Nonzero if s[0..n) may be a word of a handler's answer: 1 to LAVA_ANSWER_WORDMAX bytes of printable ASCII, no blank, quote, backslash, '<' or '>'. */
int lava_answer_word_ok(const char *s, size_t n);

#endif

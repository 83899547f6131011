/* attach.h - the attachments and attributes a results dir holds for a run or a case */
#ifndef LAVA_ATTACH_H
#define LAVA_ATTACH_H

#include "bundle.h"

/* Add the files of dir/attachments/ to a (FILE.mimetype gives FILE's type). */
void lava_attach_dir(struct lava_attachments *a, const char *dir);
/* Add the files of dir/attributes/ to a. */
void lava_attach_attrs(struct lava_attrs *a, const char *dir);
/* Add the files of each dir/sets/SET/CASE/attachments/ to r's result of CASE in SET; one with no such result is said and left out. */
void lava_attach_sets(struct lava_testrun *r, const char *dir);

#endif

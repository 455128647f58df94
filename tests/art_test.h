/*
 * Shared helpers of the libcheck suites.  Each tests/test_X.c is one
 * program with its own main(); tools/run-unit.sh runs them all.
 */

#ifndef ART_TEST_H
#define ART_TEST_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


/*
 * ../shared, found from the project root (tests run from there) or from
 * ART_SHARED_DIR; NULL when absent, and tests that need it skip.
 */
static inline const char *
art_test_shared_dir(void)
{
    static const char  *candidates[] = { "../shared", "../../shared", NULL };
    const char         *env;
    struct stat         st;
    int                 i;

    env = getenv("ART_SHARED_DIR");
    if (env != NULL) {
        return stat(env, &st) == 0 ? env : NULL;
    }

    for (i = 0; candidates[i]; i++) {
        if (stat(candidates[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            return candidates[i];
        }
    }

    return NULL;
}


/* read a whole file; NULL on error */
static inline unsigned char *
art_test_read_file(const char *path, size_t *len)
{
    FILE           *f;
    long            n;
    unsigned char  *p;

    f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }

    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);

    p = malloc((size_t) n + 1);
    if (p == NULL || fread(p, 1, (size_t) n, f) != (size_t) n) {
        free(p);
        fclose(f);
        return NULL;
    }

    fclose(f);
    p[n] = '\0';
    *len = (size_t) n;

    return p;
}


/* run one suite and exit with its status: the common main() */
static inline int
art_test_run(Suite *s)
{
    SRunner  *sr;
    int       failed;

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}


#endif /* ART_TEST_H */

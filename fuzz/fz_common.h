/*
 * What the fuzz targets share: a private directory for the files that
 * configurations read (rule files, word lists, templates), and small
 * checks.  Included by each target, which is built on its own.
 */

#ifndef FZ_COMMON_H
#define FZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#define FZ_MAX_FILES  16

/* each target uses what it needs of these */
#if defined(__GNUC__)
#define FZ_UNUSED  __attribute__((unused))
#else
#define FZ_UNUSED
#endif

/* checks over whole outputs: no coverage to collect there, only time */
#if defined(__clang__)
#define FZ_NOCOV   __attribute__((no_sanitize("coverage")))
#else
#define FZ_NOCOV
#endif


static char         fz_dir[64];
static char        *fz_files[FZ_MAX_FILES];
static size_t       fz_nfiles;


static FZ_UNUSED void
fz_cleanup(void)
{
    size_t  i;

    for (i = 0; i < fz_nfiles; i++) {
        unlink(fz_files[i]);
        free(fz_files[i]);
    }

    fz_nfiles = 0;

    if (fz_dir[0] != '\0') {
        rmdir(fz_dir);
        fz_dir[0] = '\0';
    }
}


/* the directory, made on the first call and removed at exit */
static FZ_UNUSED const char *
fz_tmpdir(void)
{
    const char  *tmp;

    if (fz_dir[0] != '\0') {
        return fz_dir;
    }

    tmp = getenv("TMPDIR");
    if (tmp == NULL || tmp[0] == '\0' || strlen(tmp) > 40) {
        tmp = "/tmp";
    }

    snprintf(fz_dir, sizeof(fz_dir), "%s/art-fuzz-XXXXXX", tmp);

    if (mkdtemp(fz_dir) == NULL) {
        perror("mkdtemp");
        abort();
    }

    atexit(fz_cleanup);

    return fz_dir;
}


/* write name (in the directory) with n bytes of p; returns its path */
static FZ_UNUSED const char *
fz_write_file(const char *name, const void *p, size_t n)
{
    size_t   i;
    char     path[256];
    FILE    *f;

    snprintf(path, sizeof(path), "%s/%s", fz_tmpdir(), name);

    for (i = 0; i < fz_nfiles; i++) {
        if (strcmp(fz_files[i], path) == 0) {
            break;
        }
    }

    if (i == fz_nfiles) {
        if (fz_nfiles == FZ_MAX_FILES) {
            abort();
        }

        fz_files[fz_nfiles] = malloc(strlen(path) + 1);
        if (fz_files[fz_nfiles] == NULL) {
            abort();
        }

        strcpy(fz_files[fz_nfiles], path);
        i = fz_nfiles++;
    }

    f = fopen(path, "wb");
    if (f == NULL || (n > 0 && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
        perror(path);
        abort();
    }

    return fz_files[i];
}


/*
 * Whether a name a configuration reads could leave the directory, or
 * name a device or a pipe that never ends: such inputs are skipped, as
 * the fuzzer must not read the machine's files.
 */
static FZ_UNUSED int
fz_unsafe_path(const unsigned char *p, size_t n)
{
    static const char  *bad[] = { "..", "/dev", "/proc", "/sys", "/run",
                                  "/tmp", "/var", "/home", "/root",
                                  "/work", "/mnt", "/media", NULL };
    size_t              i, k, len;

    for (k = 0; bad[k] != NULL; k++) {
        len = strlen(bad[k]);

        for (i = 0; i + len <= n; i++) {
            if (memcmp(p + i, bad[k], len) == 0) {
                return 1;
            }
        }
    }

    return 0;
}


/*
 * The length of the strict UTF-8 sequence at p (n > 0): no overlong form,
 * surrogate or value past U+10FFFF; 0 when p starts none.
 */
static FZ_UNUSED FZ_NOCOV size_t
fz_utf8_seq(const unsigned char *p, size_t n)
{
    size_t         need, k;
    unsigned char  c, lo, hi;

    c = p[0];
    lo = 0x80;
    hi = 0xbf;

    if (c < 0x80) {
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }

    for (k = 1; k <= need; k++) {
        if (k >= n || p[k] < lo || p[k] > hi) {
            return 0;
        }
        lo = 0x80;
        hi = 0xbf;
    }

    return need + 1;
}


static FZ_UNUSED FZ_NOCOV int
fz_utf8_valid(const unsigned char *p, size_t n)
{
    size_t  i, len;

    for (i = 0; i < n; i += len) {
        len = fz_utf8_seq(p + i, n - i);
        if (len == 0) {
            return 0;
        }
    }

    return 1;
}


#endif /* FZ_COMMON_H */

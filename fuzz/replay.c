/*
 * A main() for the fuzz targets without libFuzzer: runs
 * LLVMFuzzerTestOneInput() once on every file named on the command line,
 * and on every regular file of a directory named there (not recursing).
 * A broken invariant aborts, as under the fuzzer; a sanitizer reports as
 * usual.
 *
 *   replay [-q] FILE|DIR ...
 *
 * Prints "replay: N inputs" at the end (-q: nothing else), or the name of
 * each input before it runs, so that a crash shows which one it was.
 */

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static int
replay_file(const char *path, int quiet)
{
    FILE           *f;
    long            n;
    unsigned char  *data;

    f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return -1;
    }

    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0
        || fseek(f, 0, SEEK_SET) != 0)
    {
        perror(path);
        fclose(f);
        return -1;
    }

    /* an exact-size copy, so that a read past the input is caught */
    data = malloc(n > 0 ? (size_t) n : 1);
    if (data == NULL) {
        fclose(f);
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
    }

    if (n > 0 && fread(data, 1, (size_t) n, f) != (size_t) n) {
        perror(path);
        free(data);
        fclose(f);
        return -1;
    }

    fclose(f);

    if (!quiet) {
        printf("replay: %s (%ld bytes)\n", path, n);
        fflush(stdout);
    }

    LLVMFuzzerTestOneInput(data, (size_t) n);
    free(data);

    return 0;
}


static int
replay_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}


/* the directory's regular files, in name order */
static int
replay_dir(const char *dir, int quiet, unsigned long *count)
{
    DIR            *d;
    struct dirent  *e;
    struct stat     st;
    char          **names, **more, *path;
    size_t          n, cap, i, len;
    int             rc;

    d = opendir(dir);
    if (d == NULL) {
        perror(dir);
        return -1;
    }

    names = NULL;
    n = 0;
    cap = 0;
    rc = 0;

    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }

        len = strlen(dir) + 1 + strlen(e->d_name) + 1;
        path = malloc(len);
        if (path == NULL) {
            rc = -1;
            break;
        }

        snprintf(path, len, "%s/%s", dir, e->d_name);

        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }

        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            more = realloc(names, cap * sizeof(char *));
            if (more == NULL) {
                free(path);
                rc = -1;
                break;
            }
            names = more;
        }

        names[n++] = path;
    }

    closedir(d);

    if (n > 0) {
        qsort(names, n, sizeof(char *), replay_cmp);
    }

    for (i = 0; i < n; i++) {
        if (rc == 0) {
            if (replay_file(names[i], quiet) != 0) {
                rc = -1;
            } else {
                (*count)++;
            }
        }

        free(names[i]);
    }

    free(names);

    return rc;
}


int
main(int argc, char **argv)
{
    int             i, quiet, rc;
    struct stat     st;
    unsigned long   count;

    quiet = 0;
    rc = 0;
    count = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-q") == 0) {
            quiet = 1;
            continue;
        }

        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            rc = 1;
            continue;
        }

        if (S_ISDIR(st.st_mode)) {
            if (replay_dir(argv[i], quiet, &count) != 0) {
                rc = 1;
            }

        } else if (replay_file(argv[i], quiet) != 0) {
            rc = 1;

        } else {
            count++;
        }
    }

    printf("replay: %lu inputs\n", count);

    return rc;
}

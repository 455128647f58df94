/*
 * Escaping of everything the module injects into a page or a header.
 * Each function appends to a buffer and returns 0, or -1 when the buffer
 * failed to grow.
 */

#ifndef ART_ESCAPE_H
#define ART_ESCAPE_H

#include <stddef.h>

#include "art_buf.h"


/* HTML text: & < > */
int art_escape_html_text(art_buf_t *b, const unsigned char *p, size_t n);

/* an attribute value in double or single quotes: & < > " ' */
int art_escape_html_attr(art_buf_t *b, const unsigned char *p, size_t n);

/*
 * A URL component (query value, path segment of a share link): every byte
 * but the RFC 3986 unreserved ones (A-Z a-z 0-9 - . _ ~) becomes %XX with
 * upper-case hex; a space is %20, never "+".
 */
int art_escape_url_component(art_buf_t *b, const unsigned char *p, size_t n);

/*
 * A whole URL that goes into an href: bytes that may not appear in a URL
 * (controls, space, non-ASCII, " < > \ ^ ` { | }) are percent-encoded,
 * existing %XX escapes and reserved characters are kept.
 */
int art_escape_url(art_buf_t *b, const unsigned char *p, size_t n);

/*
 * A JSON string body (no quotes added) that is safe inside a <script>
 * element: " \ and controls escaped, and < > & U+2028 U+2029 written as
 * \uXXXX so that no value can close the element or open a comment.
 */
int art_escape_json(art_buf_t *b, const unsigned char *p, size_t n);


#endif /* ART_ESCAPE_H */

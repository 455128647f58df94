/*
 * A dump of the tokens of a document in the html5lib-tests tokenizer
 * format, for conformance testing and for looking at what the tokenizer
 * makes of a page.
 *
 * The tokens are rendered as the HTML5 tokenizer would emit them: names
 * lower-cased, text and attribute values decoded, NUL and invalid UTF-8
 * replaced, duplicate attributes dropped, adjacent characters merged.
 */

#ifndef ART_TOKDUMP_H
#define ART_TOKDUMP_H

#include <stddef.h>

#include "art_alloc.h"
#include "art_buf.h"
#include "art_tokenizer.h"


/*
 * Tokenizes in[0..n), fed in chunk_size pieces (0: all at once), starting
 * in initial_state with last_start_tag (may be NULL) as the last start tag
 * seen, and appends one JSON array of its tokens to out:
 *
 *   ["StartTag", name, {attributes}] (with a fourth element true when
 *   self-closing), ["EndTag", name], ["Comment", data],
 *   ["Character", data], ["DOCTYPE", name, public_id, system_id, correct]
 *
 * The content state is never switched after a start tag, as in the
 * html5lib tests.  Returns 0, or -1 when memory ran out.
 */
int art_tokens_dump_json(art_buf_t *out, const art_allocator_t *a,
    const unsigned char *in, size_t n, art_text_state_e initial_state,
    const char *last_start_tag, size_t chunk_size);


#endif /* ART_TOKDUMP_H */

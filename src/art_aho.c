/*
 * The Aho-Corasick automaton.  Building keeps a plain trie (a node array
 * and linked edges); compiling renumbers the states breadth-first, so
 * that the shallow states, which a scan visits most, come first and get
 * dense rows, computes failure links, and drops the trie.
 *
 * In whole-words mode the automaton runs over symbols, not bytes: the
 * bytes, and a boundary symbol that stands wherever a match may start
 * (see art_aho_boundary()).  Patterns get it at their start and at each
 * such place inside them; the text gets it on the fly.  So a match can
 * only start where a word may start, and a scan walks the trie from word
 * starts only, which keeps it shallow and its reports few.
 */

#include <stdint.h>
#include <string.h>

#include "art_aho.h"


#define ART_AHO_NONE        0xffffffffu
/* set in a transition whose target state reports matches */
#define ART_AHO_OUT         0x80000000u
/* the largest table of dense rows; the states past it are sparse */
#define ART_AHO_DENSE_MAX   (1024 * 1024)
/* a sparse state keeps its ordinal in 23 bits */
#define ART_AHO_MAX_STATES  (1u << 23)
/* the shortest text where memchr() looks for fold lead bytes */
#define ART_AHO_MEMCHR_MIN  16
/* the boundary symbol of whole-words mode, after the 256 bytes */
#define ART_AHO_BOUNDARY    256

/* the index of the first byte with its high bit set in a word read */
#if defined(__GNUC__) && defined(__BYTE_ORDER__)                           \
    && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ART_AHO_CTZ         1
#else
#define ART_AHO_CTZ         0
#endif


typedef struct {
    uint32_t        edge;       /* first edge, or ART_AHO_NONE */
    uint32_t        out;        /* first pattern ending here */
} art_aho_node_t;

typedef struct {
    uint32_t        to;
    uint32_t        next;
    uint16_t        sym;        /* a byte, or ART_AHO_BOUNDARY */
} art_aho_edge_t;

typedef struct {
    uint32_t        len;        /* in bytes of the (folded) text */
    uint32_t        id;
    uint32_t        next;       /* the next pattern ending at that state */
} art_aho_pat_t;

typedef struct {
    uint32_t        first;
    uint32_t        last;
    int32_t         delta;
    uint32_t        stride;     /* 2: only every other code point maps */
} art_aho_fold_range_t;

typedef struct {
    uint32_t        first;
    uint32_t        last;
    uint32_t        kind;
} art_aho_kind_range_t;


struct art_aho_s {
    const art_allocator_t  *alloc;
    unsigned                flags;
    int                     compiled;

    /* the trie, until compiled */
    art_aho_node_t         *nodes;
    size_t                  nnodes;
    size_t                  nodes_cap;
    art_aho_edge_t         *edges;
    size_t                  nedges;
    size_t                  edges_cap;
    uint32_t                root[257];
    art_buf_t               fold;
    uint16_t               *syms;
    size_t                  syms_cap;

    art_aho_pat_t          *pats;
    size_t                  npats;
    size_t                  pats_cap;

    /*
     * The automaton, in one array of 32-bit words addressed by state
     * offsets: first the dense rows (ncls targets each), then the sparse
     * states (failure, edges | ordinal << 9, the edges' classes four a
     * word, their targets, and what the state reports), so that a sparse
     * state is one cache line.
     */
    unsigned char           cls[256];
    uint32_t                boundary_cls;
    /* where the boundary symbol leads from the root */
    uint32_t                boundary_state;
    /* bytes that leave the root where it is: skipped without a lookup */
    unsigned char           skip[256];
    /* a bit for each pair of bytes a match can start with */
    unsigned char           pair[65536 / 8];
    /*
     * Whole words: a bit for the hash of the first four bytes of each
     * pattern that starts with four ASCII word characters
     */
    unsigned char           quad[65536 / 8];
    /*
     * Without whole words, when no pattern is shorter than wm (3 or
     * more) bytes: the least move of a window of wm bytes, by its last
     * two bytes, that can bring a pattern's start into it (Wu-Manber);
     * at the root a scan looks at every few bytes only.  Indexed by the
     * two bytes read as one uint16_t, so that a step is one lookup.
     */
    unsigned char          *shift;
    size_t                  wm;
    /* which code points U+0080..U+00FF fold to another: a bit each */
    uint64_t                latin1_folds[2];
    /*
     * A bit for each first two bytes (the first 0xc0 or more) of a
     * character that folds to another and may change what a scan finds:
     * one with a byte of some pattern in it or in its folding.  The
     * others may be left as they are (see art_aho_fold_leads()).
     */
    unsigned char           fold_lead[64 * 64 / 8];
    /* the first bytes of those, a byte each */
    unsigned char           fold_lead1[256];
    /* and as a list, when there are no more than two (nlead 3: more) */
    unsigned char           lead[2];
    size_t                  nlead;
    size_t                  ncls;
    size_t                  nstates;
    size_t                  dense_end;
    uint32_t               *trans;
    /* of a dense state, by ordinal: its first own pattern */
    uint32_t               *out;
    /* of a dense state: the next state on its failure chain that reports */
    uint32_t               *dict;
    size_t                  memory;
};


/* ASCII: letters, digits and _ are word characters */
static const unsigned char  art_aho_ascii_kind[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0
};


/*
 * Word characters above ASCII, sorted and disjoint, with their kind
 * (ART_AHO_WORD or ART_AHO_STANDALONE): \p{L} \p{N} \p{M} \p{Pc}, ZWNJ
 * and ZWJ, from Unicode 14.0 categories (the version of PCRE2 10.42's
 * tables, so that words lists and the w flag of patterns agree); the
 * standalone ones are those of Han, Hiragana, Katakana, Thai, Lao, Khmer
 * and Myanmar by Script_Extensions, as PCRE2's \p{Han} has them.
 */
static const art_aho_kind_range_t  art_aho_kind_ranges[] = {
    {0xAA,0xAA,1}, {0xB2,0xB3,1}, {0xB5,0xB5,1}, {0xB9,0xBA,1}, {0xBC,0xBE,1},
    {0xC0,0xD6,1}, {0xD8,0xF6,1}, {0xF8,0x2C1,1}, {0x2C6,0x2D1,1},
    {0x2E0,0x2E4,1}, {0x2EC,0x2EC,1}, {0x2EE,0x2EE,1}, {0x300,0x374,1},
    {0x376,0x377,1}, {0x37A,0x37D,1}, {0x37F,0x37F,1}, {0x386,0x386,1},
    {0x388,0x38A,1}, {0x38C,0x38C,1}, {0x38E,0x3A1,1}, {0x3A3,0x3F5,1},
    {0x3F7,0x481,1}, {0x483,0x52F,1}, {0x531,0x556,1}, {0x559,0x559,1},
    {0x560,0x588,1}, {0x591,0x5BD,1}, {0x5BF,0x5BF,1}, {0x5C1,0x5C2,1},
    {0x5C4,0x5C5,1}, {0x5C7,0x5C7,1}, {0x5D0,0x5EA,1}, {0x5EF,0x5F2,1},
    {0x610,0x61A,1}, {0x620,0x669,1}, {0x66E,0x6D3,1}, {0x6D5,0x6DC,1},
    {0x6DF,0x6E8,1}, {0x6EA,0x6FC,1}, {0x6FF,0x6FF,1}, {0x710,0x74A,1},
    {0x74D,0x7B1,1}, {0x7C0,0x7F5,1}, {0x7FA,0x7FA,1}, {0x7FD,0x7FD,1},
    {0x800,0x82D,1}, {0x840,0x85B,1}, {0x860,0x86A,1}, {0x870,0x887,1},
    {0x889,0x88E,1}, {0x898,0x8E1,1}, {0x8E3,0x963,1}, {0x966,0x96F,1},
    {0x971,0x983,1}, {0x985,0x98C,1}, {0x98F,0x990,1}, {0x993,0x9A8,1},
    {0x9AA,0x9B0,1}, {0x9B2,0x9B2,1}, {0x9B6,0x9B9,1}, {0x9BC,0x9C4,1},
    {0x9C7,0x9C8,1}, {0x9CB,0x9CE,1}, {0x9D7,0x9D7,1}, {0x9DC,0x9DD,1},
    {0x9DF,0x9E3,1}, {0x9E6,0x9F1,1}, {0x9F4,0x9F9,1}, {0x9FC,0x9FC,1},
    {0x9FE,0x9FE,1}, {0xA01,0xA03,1}, {0xA05,0xA0A,1}, {0xA0F,0xA10,1},
    {0xA13,0xA28,1}, {0xA2A,0xA30,1}, {0xA32,0xA33,1}, {0xA35,0xA36,1},
    {0xA38,0xA39,1}, {0xA3C,0xA3C,1}, {0xA3E,0xA42,1}, {0xA47,0xA48,1},
    {0xA4B,0xA4D,1}, {0xA51,0xA51,1}, {0xA59,0xA5C,1}, {0xA5E,0xA5E,1},
    {0xA66,0xA75,1}, {0xA81,0xA83,1}, {0xA85,0xA8D,1}, {0xA8F,0xA91,1},
    {0xA93,0xAA8,1}, {0xAAA,0xAB0,1}, {0xAB2,0xAB3,1}, {0xAB5,0xAB9,1},
    {0xABC,0xAC5,1}, {0xAC7,0xAC9,1}, {0xACB,0xACD,1}, {0xAD0,0xAD0,1},
    {0xAE0,0xAE3,1}, {0xAE6,0xAEF,1}, {0xAF9,0xAFF,1}, {0xB01,0xB03,1},
    {0xB05,0xB0C,1}, {0xB0F,0xB10,1}, {0xB13,0xB28,1}, {0xB2A,0xB30,1},
    {0xB32,0xB33,1}, {0xB35,0xB39,1}, {0xB3C,0xB44,1}, {0xB47,0xB48,1},
    {0xB4B,0xB4D,1}, {0xB55,0xB57,1}, {0xB5C,0xB5D,1}, {0xB5F,0xB63,1},
    {0xB66,0xB6F,1}, {0xB71,0xB77,1}, {0xB82,0xB83,1}, {0xB85,0xB8A,1},
    {0xB8E,0xB90,1}, {0xB92,0xB95,1}, {0xB99,0xB9A,1}, {0xB9C,0xB9C,1},
    {0xB9E,0xB9F,1}, {0xBA3,0xBA4,1}, {0xBA8,0xBAA,1}, {0xBAE,0xBB9,1},
    {0xBBE,0xBC2,1}, {0xBC6,0xBC8,1}, {0xBCA,0xBCD,1}, {0xBD0,0xBD0,1},
    {0xBD7,0xBD7,1}, {0xBE6,0xBF2,1}, {0xC00,0xC0C,1}, {0xC0E,0xC10,1},
    {0xC12,0xC28,1}, {0xC2A,0xC39,1}, {0xC3C,0xC44,1}, {0xC46,0xC48,1},
    {0xC4A,0xC4D,1}, {0xC55,0xC56,1}, {0xC58,0xC5A,1}, {0xC5D,0xC5D,1},
    {0xC60,0xC63,1}, {0xC66,0xC6F,1}, {0xC78,0xC7E,1}, {0xC80,0xC83,1},
    {0xC85,0xC8C,1}, {0xC8E,0xC90,1}, {0xC92,0xCA8,1}, {0xCAA,0xCB3,1},
    {0xCB5,0xCB9,1}, {0xCBC,0xCC4,1}, {0xCC6,0xCC8,1}, {0xCCA,0xCCD,1},
    {0xCD5,0xCD6,1}, {0xCDD,0xCDE,1}, {0xCE0,0xCE3,1}, {0xCE6,0xCEF,1},
    {0xCF1,0xCF2,1}, {0xD00,0xD0C,1}, {0xD0E,0xD10,1}, {0xD12,0xD44,1},
    {0xD46,0xD48,1}, {0xD4A,0xD4E,1}, {0xD54,0xD63,1}, {0xD66,0xD78,1},
    {0xD7A,0xD7F,1}, {0xD81,0xD83,1}, {0xD85,0xD96,1}, {0xD9A,0xDB1,1},
    {0xDB3,0xDBB,1}, {0xDBD,0xDBD,1}, {0xDC0,0xDC6,1}, {0xDCA,0xDCA,1},
    {0xDCF,0xDD4,1}, {0xDD6,0xDD6,1}, {0xDD8,0xDDF,1}, {0xDE6,0xDEF,1},
    {0xDF2,0xDF3,1}, {0xE01,0xE3A,2}, {0xE40,0xE4E,2}, {0xE50,0xE59,2},
    {0xE81,0xE82,2}, {0xE84,0xE84,2}, {0xE86,0xE8A,2}, {0xE8C,0xEA3,2},
    {0xEA5,0xEA5,2}, {0xEA7,0xEBD,2}, {0xEC0,0xEC4,2}, {0xEC6,0xEC6,2},
    {0xEC8,0xECD,2}, {0xED0,0xED9,2}, {0xEDC,0xEDF,2}, {0xF00,0xF00,1},
    {0xF18,0xF19,1}, {0xF20,0xF33,1}, {0xF35,0xF35,1}, {0xF37,0xF37,1},
    {0xF39,0xF39,1}, {0xF3E,0xF47,1}, {0xF49,0xF6C,1}, {0xF71,0xF84,1},
    {0xF86,0xF97,1}, {0xF99,0xFBC,1}, {0xFC6,0xFC6,1}, {0x1000,0x1049,2},
    {0x1050,0x109D,2}, {0x10A0,0x10C5,1}, {0x10C7,0x10C7,1},
    {0x10CD,0x10CD,1}, {0x10D0,0x10FA,1}, {0x10FC,0x1248,1},
    {0x124A,0x124D,1}, {0x1250,0x1256,1}, {0x1258,0x1258,1},
    {0x125A,0x125D,1}, {0x1260,0x1288,1}, {0x128A,0x128D,1},
    {0x1290,0x12B0,1}, {0x12B2,0x12B5,1}, {0x12B8,0x12BE,1},
    {0x12C0,0x12C0,1}, {0x12C2,0x12C5,1}, {0x12C8,0x12D6,1},
    {0x12D8,0x1310,1}, {0x1312,0x1315,1}, {0x1318,0x135A,1},
    {0x135D,0x135F,1}, {0x1369,0x137C,1}, {0x1380,0x138F,1},
    {0x13A0,0x13F5,1}, {0x13F8,0x13FD,1}, {0x1401,0x166C,1},
    {0x166F,0x167F,1}, {0x1681,0x169A,1}, {0x16A0,0x16EA,1},
    {0x16EE,0x16F8,1}, {0x1700,0x1715,1}, {0x171F,0x1734,1},
    {0x1740,0x1753,1}, {0x1760,0x176C,1}, {0x176E,0x1770,1},
    {0x1772,0x1773,1}, {0x1780,0x17D3,2}, {0x17D7,0x17D7,2},
    {0x17DC,0x17DD,2}, {0x17E0,0x17E9,2}, {0x17F0,0x17F9,2},
    {0x180B,0x180D,1}, {0x180F,0x1819,1}, {0x1820,0x1878,1},
    {0x1880,0x18AA,1}, {0x18B0,0x18F5,1}, {0x1900,0x191E,1},
    {0x1920,0x192B,1}, {0x1930,0x193B,1}, {0x1946,0x196D,1},
    {0x1970,0x1974,1}, {0x1980,0x19AB,1}, {0x19B0,0x19C9,1},
    {0x19D0,0x19DA,1}, {0x1A00,0x1A1B,1}, {0x1A20,0x1A5E,1},
    {0x1A60,0x1A7C,1}, {0x1A7F,0x1A89,1}, {0x1A90,0x1A99,1},
    {0x1AA7,0x1AA7,1}, {0x1AB0,0x1ACE,1}, {0x1B00,0x1B4C,1},
    {0x1B50,0x1B59,1}, {0x1B6B,0x1B73,1}, {0x1B80,0x1BF3,1},
    {0x1C00,0x1C37,1}, {0x1C40,0x1C49,1}, {0x1C4D,0x1C7D,1},
    {0x1C80,0x1C88,1}, {0x1C90,0x1CBA,1}, {0x1CBD,0x1CBF,1},
    {0x1CD0,0x1CD2,1}, {0x1CD4,0x1CFA,1}, {0x1D00,0x1F15,1},
    {0x1F18,0x1F1D,1}, {0x1F20,0x1F45,1}, {0x1F48,0x1F4D,1},
    {0x1F50,0x1F57,1}, {0x1F59,0x1F59,1}, {0x1F5B,0x1F5B,1},
    {0x1F5D,0x1F5D,1}, {0x1F5F,0x1F7D,1}, {0x1F80,0x1FB4,1},
    {0x1FB6,0x1FBC,1}, {0x1FBE,0x1FBE,1}, {0x1FC2,0x1FC4,1},
    {0x1FC6,0x1FCC,1}, {0x1FD0,0x1FD3,1}, {0x1FD6,0x1FDB,1},
    {0x1FE0,0x1FEC,1}, {0x1FF2,0x1FF4,1}, {0x1FF6,0x1FFC,1},
    {0x200C,0x200D,1}, {0x203F,0x2040,1}, {0x2054,0x2054,1},
    {0x2070,0x2071,1}, {0x2074,0x2079,1}, {0x207F,0x2089,1},
    {0x2090,0x209C,1}, {0x20D0,0x20F0,1}, {0x2102,0x2102,1},
    {0x2107,0x2107,1}, {0x210A,0x2113,1}, {0x2115,0x2115,1},
    {0x2119,0x211D,1}, {0x2124,0x2124,1}, {0x2126,0x2126,1},
    {0x2128,0x2128,1}, {0x212A,0x212D,1}, {0x212F,0x2139,1},
    {0x213C,0x213F,1}, {0x2145,0x2149,1}, {0x214E,0x214E,1},
    {0x2150,0x2189,1}, {0x2460,0x249B,1}, {0x24EA,0x24FF,1},
    {0x2776,0x2793,1}, {0x2C00,0x2CE4,1}, {0x2CEB,0x2CF3,1},
    {0x2CFD,0x2CFD,1}, {0x2D00,0x2D25,1}, {0x2D27,0x2D27,1},
    {0x2D2D,0x2D2D,1}, {0x2D30,0x2D67,1}, {0x2D6F,0x2D6F,1},
    {0x2D7F,0x2D96,1}, {0x2DA0,0x2DA6,1}, {0x2DA8,0x2DAE,1},
    {0x2DB0,0x2DB6,1}, {0x2DB8,0x2DBE,1}, {0x2DC0,0x2DC6,1},
    {0x2DC8,0x2DCE,1}, {0x2DD0,0x2DD6,1}, {0x2DD8,0x2DDE,1},
    {0x2DE0,0x2DFF,1}, {0x2E2F,0x2E2F,1}, {0x3005,0x3007,2},
    {0x3021,0x302D,2}, {0x302E,0x302F,1}, {0x3031,0x3035,2},
    {0x3038,0x303C,2}, {0x3041,0x3096,2}, {0x3099,0x309A,2},
    {0x309D,0x309F,2}, {0x30A1,0x30FA,2}, {0x30FC,0x30FF,2},
    {0x3105,0x312F,1}, {0x3131,0x318E,1}, {0x3192,0x3195,2},
    {0x31A0,0x31BF,1}, {0x31F0,0x31FF,2}, {0x3220,0x3229,2},
    {0x3248,0x324F,1}, {0x3251,0x325F,1}, {0x3280,0x3289,2},
    {0x32B1,0x32BF,1}, {0x3400,0x4DBF,2}, {0x4E00,0x9FFF,2},
    {0xA000,0xA48C,1}, {0xA4D0,0xA4FD,1}, {0xA500,0xA60C,1},
    {0xA610,0xA62B,1}, {0xA640,0xA672,1}, {0xA674,0xA67D,1},
    {0xA67F,0xA6F1,1}, {0xA717,0xA71F,1}, {0xA722,0xA788,1},
    {0xA78B,0xA7CA,1}, {0xA7D0,0xA7D1,1}, {0xA7D3,0xA7D3,1},
    {0xA7D5,0xA7D9,1}, {0xA7F2,0xA827,1}, {0xA82C,0xA82C,1},
    {0xA830,0xA835,1}, {0xA840,0xA873,1}, {0xA880,0xA8C5,1},
    {0xA8D0,0xA8D9,1}, {0xA8E0,0xA8F7,1}, {0xA8FB,0xA8FB,1},
    {0xA8FD,0xA92D,1}, {0xA930,0xA953,1}, {0xA960,0xA97C,1},
    {0xA980,0xA9C0,1}, {0xA9CF,0xA9D9,1}, {0xA9E0,0xA9FE,2},
    {0xAA00,0xAA36,1}, {0xAA40,0xAA4D,1}, {0xAA50,0xAA59,1},
    {0xAA60,0xAA76,2}, {0xAA7A,0xAA7F,2}, {0xAA80,0xAAC2,1},
    {0xAADB,0xAADD,1}, {0xAAE0,0xAAEF,1}, {0xAAF2,0xAAF6,1},
    {0xAB01,0xAB06,1}, {0xAB09,0xAB0E,1}, {0xAB11,0xAB16,1},
    {0xAB20,0xAB26,1}, {0xAB28,0xAB2E,1}, {0xAB30,0xAB5A,1},
    {0xAB5C,0xAB69,1}, {0xAB70,0xABEA,1}, {0xABEC,0xABED,1},
    {0xABF0,0xABF9,1}, {0xAC00,0xD7A3,1}, {0xD7B0,0xD7C6,1},
    {0xD7CB,0xD7FB,1}, {0xF900,0xFA6D,2}, {0xFA70,0xFAD9,2},
    {0xFB00,0xFB06,1}, {0xFB13,0xFB17,1}, {0xFB1D,0xFB28,1},
    {0xFB2A,0xFB36,1}, {0xFB38,0xFB3C,1}, {0xFB3E,0xFB3E,1},
    {0xFB40,0xFB41,1}, {0xFB43,0xFB44,1}, {0xFB46,0xFBB1,1},
    {0xFBD3,0xFD3D,1}, {0xFD50,0xFD8F,1}, {0xFD92,0xFDC7,1},
    {0xFDF0,0xFDFB,1}, {0xFE00,0xFE0F,1}, {0xFE20,0xFE2F,1},
    {0xFE33,0xFE34,1}, {0xFE4D,0xFE4F,1}, {0xFE70,0xFE74,1},
    {0xFE76,0xFEFC,1}, {0xFF10,0xFF19,1}, {0xFF21,0xFF3A,1},
    {0xFF3F,0xFF3F,1}, {0xFF41,0xFF5A,1}, {0xFF66,0xFF9F,2},
    {0xFFA0,0xFFBE,1}, {0xFFC2,0xFFC7,1}, {0xFFCA,0xFFCF,1},
    {0xFFD2,0xFFD7,1}, {0xFFDA,0xFFDC,1}, {0x10000,0x1000B,1},
    {0x1000D,0x10026,1}, {0x10028,0x1003A,1}, {0x1003C,0x1003D,1},
    {0x1003F,0x1004D,1}, {0x10050,0x1005D,1}, {0x10080,0x100FA,1},
    {0x10107,0x10133,1}, {0x10140,0x10178,1}, {0x1018A,0x1018B,1},
    {0x101FD,0x101FD,1}, {0x10280,0x1029C,1}, {0x102A0,0x102D0,1},
    {0x102E0,0x102FB,1}, {0x10300,0x10323,1}, {0x1032D,0x1034A,1},
    {0x10350,0x1037A,1}, {0x10380,0x1039D,1}, {0x103A0,0x103C3,1},
    {0x103C8,0x103CF,1}, {0x103D1,0x103D5,1}, {0x10400,0x1049D,1},
    {0x104A0,0x104A9,1}, {0x104B0,0x104D3,1}, {0x104D8,0x104FB,1},
    {0x10500,0x10527,1}, {0x10530,0x10563,1}, {0x10570,0x1057A,1},
    {0x1057C,0x1058A,1}, {0x1058C,0x10592,1}, {0x10594,0x10595,1},
    {0x10597,0x105A1,1}, {0x105A3,0x105B1,1}, {0x105B3,0x105B9,1},
    {0x105BB,0x105BC,1}, {0x10600,0x10736,1}, {0x10740,0x10755,1},
    {0x10760,0x10767,1}, {0x10780,0x10785,1}, {0x10787,0x107B0,1},
    {0x107B2,0x107BA,1}, {0x10800,0x10805,1}, {0x10808,0x10808,1},
    {0x1080A,0x10835,1}, {0x10837,0x10838,1}, {0x1083C,0x1083C,1},
    {0x1083F,0x10855,1}, {0x10858,0x10876,1}, {0x10879,0x1089E,1},
    {0x108A7,0x108AF,1}, {0x108E0,0x108F2,1}, {0x108F4,0x108F5,1},
    {0x108FB,0x1091B,1}, {0x10920,0x10939,1}, {0x10980,0x109B7,1},
    {0x109BC,0x109CF,1}, {0x109D2,0x10A03,1}, {0x10A05,0x10A06,1},
    {0x10A0C,0x10A13,1}, {0x10A15,0x10A17,1}, {0x10A19,0x10A35,1},
    {0x10A38,0x10A3A,1}, {0x10A3F,0x10A48,1}, {0x10A60,0x10A7E,1},
    {0x10A80,0x10A9F,1}, {0x10AC0,0x10AC7,1}, {0x10AC9,0x10AE6,1},
    {0x10AEB,0x10AEF,1}, {0x10B00,0x10B35,1}, {0x10B40,0x10B55,1},
    {0x10B58,0x10B72,1}, {0x10B78,0x10B91,1}, {0x10BA9,0x10BAF,1},
    {0x10C00,0x10C48,1}, {0x10C80,0x10CB2,1}, {0x10CC0,0x10CF2,1},
    {0x10CFA,0x10D27,1}, {0x10D30,0x10D39,1}, {0x10E60,0x10E7E,1},
    {0x10E80,0x10EA9,1}, {0x10EAB,0x10EAC,1}, {0x10EB0,0x10EB1,1},
    {0x10F00,0x10F27,1}, {0x10F30,0x10F54,1}, {0x10F70,0x10F85,1},
    {0x10FB0,0x10FCB,1}, {0x10FE0,0x10FF6,1}, {0x11000,0x11046,1},
    {0x11052,0x11075,1}, {0x1107F,0x110BA,1}, {0x110C2,0x110C2,1},
    {0x110D0,0x110E8,1}, {0x110F0,0x110F9,1}, {0x11100,0x11134,1},
    {0x11136,0x1113F,1}, {0x11144,0x11147,1}, {0x11150,0x11173,1},
    {0x11176,0x11176,1}, {0x11180,0x111C4,1}, {0x111C9,0x111CC,1},
    {0x111CE,0x111DA,1}, {0x111DC,0x111DC,1}, {0x111E1,0x111F4,1},
    {0x11200,0x11211,1}, {0x11213,0x11237,1}, {0x1123E,0x1123E,1},
    {0x11280,0x11286,1}, {0x11288,0x11288,1}, {0x1128A,0x1128D,1},
    {0x1128F,0x1129D,1}, {0x1129F,0x112A8,1}, {0x112B0,0x112EA,1},
    {0x112F0,0x112F9,1}, {0x11300,0x11303,1}, {0x11305,0x1130C,1},
    {0x1130F,0x11310,1}, {0x11313,0x11328,1}, {0x1132A,0x11330,1},
    {0x11332,0x11333,1}, {0x11335,0x11339,1}, {0x1133B,0x11344,1},
    {0x11347,0x11348,1}, {0x1134B,0x1134D,1}, {0x11350,0x11350,1},
    {0x11357,0x11357,1}, {0x1135D,0x11363,1}, {0x11366,0x1136C,1},
    {0x11370,0x11374,1}, {0x11400,0x1144A,1}, {0x11450,0x11459,1},
    {0x1145E,0x11461,1}, {0x11480,0x114C5,1}, {0x114C7,0x114C7,1},
    {0x114D0,0x114D9,1}, {0x11580,0x115B5,1}, {0x115B8,0x115C0,1},
    {0x115D8,0x115DD,1}, {0x11600,0x11640,1}, {0x11644,0x11644,1},
    {0x11650,0x11659,1}, {0x11680,0x116B8,1}, {0x116C0,0x116C9,1},
    {0x11700,0x1171A,1}, {0x1171D,0x1172B,1}, {0x11730,0x1173B,1},
    {0x11740,0x11746,1}, {0x11800,0x1183A,1}, {0x118A0,0x118F2,1},
    {0x118FF,0x11906,1}, {0x11909,0x11909,1}, {0x1190C,0x11913,1},
    {0x11915,0x11916,1}, {0x11918,0x11935,1}, {0x11937,0x11938,1},
    {0x1193B,0x11943,1}, {0x11950,0x11959,1}, {0x119A0,0x119A7,1},
    {0x119AA,0x119D7,1}, {0x119DA,0x119E1,1}, {0x119E3,0x119E4,1},
    {0x11A00,0x11A3E,1}, {0x11A47,0x11A47,1}, {0x11A50,0x11A99,1},
    {0x11A9D,0x11A9D,1}, {0x11AB0,0x11AF8,1}, {0x11C00,0x11C08,1},
    {0x11C0A,0x11C36,1}, {0x11C38,0x11C40,1}, {0x11C50,0x11C6C,1},
    {0x11C72,0x11C8F,1}, {0x11C92,0x11CA7,1}, {0x11CA9,0x11CB6,1},
    {0x11D00,0x11D06,1}, {0x11D08,0x11D09,1}, {0x11D0B,0x11D36,1},
    {0x11D3A,0x11D3A,1}, {0x11D3C,0x11D3D,1}, {0x11D3F,0x11D47,1},
    {0x11D50,0x11D59,1}, {0x11D60,0x11D65,1}, {0x11D67,0x11D68,1},
    {0x11D6A,0x11D8E,1}, {0x11D90,0x11D91,1}, {0x11D93,0x11D98,1},
    {0x11DA0,0x11DA9,1}, {0x11EE0,0x11EF6,1}, {0x11FB0,0x11FB0,1},
    {0x11FC0,0x11FD4,1}, {0x12000,0x12399,1}, {0x12400,0x1246E,1},
    {0x12480,0x12543,1}, {0x12F90,0x12FF0,1}, {0x13000,0x1342E,1},
    {0x14400,0x14646,1}, {0x16800,0x16A38,1}, {0x16A40,0x16A5E,1},
    {0x16A60,0x16A69,1}, {0x16A70,0x16ABE,1}, {0x16AC0,0x16AC9,1},
    {0x16AD0,0x16AED,1}, {0x16AF0,0x16AF4,1}, {0x16B00,0x16B36,1},
    {0x16B40,0x16B43,1}, {0x16B50,0x16B59,1}, {0x16B5B,0x16B61,1},
    {0x16B63,0x16B77,1}, {0x16B7D,0x16B8F,1}, {0x16E40,0x16E96,1},
    {0x16F00,0x16F4A,1}, {0x16F4F,0x16F87,1}, {0x16F8F,0x16F9F,1},
    {0x16FE0,0x16FE1,1}, {0x16FE3,0x16FE3,2}, {0x16FE4,0x16FE4,1},
    {0x16FF0,0x16FF1,2}, {0x17000,0x187F7,1}, {0x18800,0x18CD5,1},
    {0x18D00,0x18D08,1}, {0x1AFF0,0x1AFF3,2}, {0x1AFF5,0x1AFFB,2},
    {0x1AFFD,0x1AFFE,2}, {0x1B000,0x1B122,2}, {0x1B150,0x1B152,2},
    {0x1B164,0x1B167,2}, {0x1B170,0x1B2FB,1}, {0x1BC00,0x1BC6A,1},
    {0x1BC70,0x1BC7C,1}, {0x1BC80,0x1BC88,1}, {0x1BC90,0x1BC99,1},
    {0x1BC9D,0x1BC9E,1}, {0x1CF00,0x1CF2D,1}, {0x1CF30,0x1CF46,1},
    {0x1D165,0x1D169,1}, {0x1D16D,0x1D172,1}, {0x1D17B,0x1D182,1},
    {0x1D185,0x1D18B,1}, {0x1D1AA,0x1D1AD,1}, {0x1D242,0x1D244,1},
    {0x1D2E0,0x1D2F3,1}, {0x1D360,0x1D371,2}, {0x1D372,0x1D378,1},
    {0x1D400,0x1D454,1}, {0x1D456,0x1D49C,1}, {0x1D49E,0x1D49F,1},
    {0x1D4A2,0x1D4A2,1}, {0x1D4A5,0x1D4A6,1}, {0x1D4A9,0x1D4AC,1},
    {0x1D4AE,0x1D4B9,1}, {0x1D4BB,0x1D4BB,1}, {0x1D4BD,0x1D4C3,1},
    {0x1D4C5,0x1D505,1}, {0x1D507,0x1D50A,1}, {0x1D50D,0x1D514,1},
    {0x1D516,0x1D51C,1}, {0x1D51E,0x1D539,1}, {0x1D53B,0x1D53E,1},
    {0x1D540,0x1D544,1}, {0x1D546,0x1D546,1}, {0x1D54A,0x1D550,1},
    {0x1D552,0x1D6A5,1}, {0x1D6A8,0x1D6C0,1}, {0x1D6C2,0x1D6DA,1},
    {0x1D6DC,0x1D6FA,1}, {0x1D6FC,0x1D714,1}, {0x1D716,0x1D734,1},
    {0x1D736,0x1D74E,1}, {0x1D750,0x1D76E,1}, {0x1D770,0x1D788,1},
    {0x1D78A,0x1D7A8,1}, {0x1D7AA,0x1D7C2,1}, {0x1D7C4,0x1D7CB,1},
    {0x1D7CE,0x1D7FF,1}, {0x1DA00,0x1DA36,1}, {0x1DA3B,0x1DA6C,1},
    {0x1DA75,0x1DA75,1}, {0x1DA84,0x1DA84,1}, {0x1DA9B,0x1DA9F,1},
    {0x1DAA1,0x1DAAF,1}, {0x1DF00,0x1DF1E,1}, {0x1E000,0x1E006,1},
    {0x1E008,0x1E018,1}, {0x1E01B,0x1E021,1}, {0x1E023,0x1E024,1},
    {0x1E026,0x1E02A,1}, {0x1E100,0x1E12C,1}, {0x1E130,0x1E13D,1},
    {0x1E140,0x1E149,1}, {0x1E14E,0x1E14E,1}, {0x1E290,0x1E2AE,1},
    {0x1E2C0,0x1E2F9,1}, {0x1E7E0,0x1E7E6,1}, {0x1E7E8,0x1E7EB,1},
    {0x1E7ED,0x1E7EE,1}, {0x1E7F0,0x1E7FE,1}, {0x1E800,0x1E8C4,1},
    {0x1E8C7,0x1E8D6,1}, {0x1E900,0x1E94B,1}, {0x1E950,0x1E959,1},
    {0x1EC71,0x1ECAB,1}, {0x1ECAD,0x1ECAF,1}, {0x1ECB1,0x1ECB4,1},
    {0x1ED01,0x1ED2D,1}, {0x1ED2F,0x1ED3D,1}, {0x1EE00,0x1EE03,1},
    {0x1EE05,0x1EE1F,1}, {0x1EE21,0x1EE22,1}, {0x1EE24,0x1EE24,1},
    {0x1EE27,0x1EE27,1}, {0x1EE29,0x1EE32,1}, {0x1EE34,0x1EE37,1},
    {0x1EE39,0x1EE39,1}, {0x1EE3B,0x1EE3B,1}, {0x1EE42,0x1EE42,1},
    {0x1EE47,0x1EE47,1}, {0x1EE49,0x1EE49,1}, {0x1EE4B,0x1EE4B,1},
    {0x1EE4D,0x1EE4F,1}, {0x1EE51,0x1EE52,1}, {0x1EE54,0x1EE54,1},
    {0x1EE57,0x1EE57,1}, {0x1EE59,0x1EE59,1}, {0x1EE5B,0x1EE5B,1},
    {0x1EE5D,0x1EE5D,1}, {0x1EE5F,0x1EE5F,1}, {0x1EE61,0x1EE62,1},
    {0x1EE64,0x1EE64,1}, {0x1EE67,0x1EE6A,1}, {0x1EE6C,0x1EE72,1},
    {0x1EE74,0x1EE77,1}, {0x1EE79,0x1EE7C,1}, {0x1EE7E,0x1EE7E,1},
    {0x1EE80,0x1EE89,1}, {0x1EE8B,0x1EE9B,1}, {0x1EEA1,0x1EEA3,1},
    {0x1EEA5,0x1EEA9,1}, {0x1EEAB,0x1EEBB,1}, {0x1F100,0x1F10C,1},
    {0x1FBF0,0x1FBF9,1}, {0x20000,0x2A6DF,2}, {0x2A700,0x2B738,2},
    {0x2B740,0x2B81D,2}, {0x2B820,0x2CEA1,2}, {0x2CEB0,0x2EBE0,2},
    {0x2F800,0x2FA1D,2}, {0x30000,0x3134A,2}, {0xE0100,0xE01EF,1}
};

#define ART_AHO_NKIND                                                       \
    (sizeof(art_aho_kind_ranges) / sizeof(art_aho_kind_ranges[0]))

/*
 * The kind of every code point of a block of 256 below U+30000 when they
 * all have one (0, 1, 2), or 3: look it up in the ranges.
 */
static const unsigned char  art_aho_kind_blocks[] = {
    3, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 3, 3, 3, 1, 3, 3, 3,
    3, 3, 3, 3, 1, 1, 3, 3, 3, 0, 0, 3, 0, 0, 3, 0, 0, 0, 0, 3, 3, 3, 0, 3, 3,
    3, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 3, 1, 3, 3, 3, 3, 3, 3, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    3, 3, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 0, 3, 3, 3, 3, 1, 1, 1, 3, 3, 3, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 3, 1, 1, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 3, 0, 0, 3, 3, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 3, 3, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 3, 2, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3, 3, 3, 3, 3, 3, 3, 0, 0, 3,
    0, 0, 0, 0, 3, 3, 3, 3, 0, 0, 0, 0, 3, 3, 3, 0, 0, 3, 3, 3, 0, 0, 3, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 3, 0, 0, 0, 0, 0
};

#define ART_AHO_NKBLOCKS                                                    \
    (sizeof(art_aho_kind_blocks) / sizeof(art_aho_kind_blocks[0]))


/*
 * Unicode 15.0 CaseFolding.txt, statuses C and S, above ASCII: runs of
 * code points that fold by the same delta, every one (stride 1) or every
 * other one (stride 2).  Runs are sorted and disjoint.
 */
static const art_aho_fold_range_t  art_aho_fold_ranges[] = {
    { 0x000B5, 0x000B5,    775, 1 }, { 0x000C0, 0x000D6,     32, 1 },
    { 0x000D8, 0x000DE,     32, 1 }, { 0x00100, 0x0012E,      1, 2 },
    { 0x00132, 0x00136,      1, 2 }, { 0x00139, 0x00147,      1, 2 },
    { 0x0014A, 0x00176,      1, 2 }, { 0x00178, 0x00178,   -121, 1 },
    { 0x00179, 0x0017D,      1, 2 }, { 0x0017F, 0x0017F,   -268, 1 },
    { 0x00181, 0x00181,    210, 1 }, { 0x00182, 0x00184,      1, 2 },
    { 0x00186, 0x00186,    206, 1 }, { 0x00187, 0x00187,      1, 1 },
    { 0x00189, 0x0018A,    205, 1 }, { 0x0018B, 0x0018B,      1, 1 },
    { 0x0018E, 0x0018E,     79, 1 }, { 0x0018F, 0x0018F,    202, 1 },
    { 0x00190, 0x00190,    203, 1 }, { 0x00191, 0x00191,      1, 1 },
    { 0x00193, 0x00193,    205, 1 }, { 0x00194, 0x00194,    207, 1 },
    { 0x00196, 0x00196,    211, 1 }, { 0x00197, 0x00197,    209, 1 },
    { 0x00198, 0x00198,      1, 1 }, { 0x0019C, 0x0019C,    211, 1 },
    { 0x0019D, 0x0019D,    213, 1 }, { 0x0019F, 0x0019F,    214, 1 },
    { 0x001A0, 0x001A4,      1, 2 }, { 0x001A6, 0x001A6,    218, 1 },
    { 0x001A7, 0x001A7,      1, 1 }, { 0x001A9, 0x001A9,    218, 1 },
    { 0x001AC, 0x001AC,      1, 1 }, { 0x001AE, 0x001AE,    218, 1 },
    { 0x001AF, 0x001AF,      1, 1 }, { 0x001B1, 0x001B2,    217, 1 },
    { 0x001B3, 0x001B5,      1, 2 }, { 0x001B7, 0x001B7,    219, 1 },
    { 0x001B8, 0x001B8,      1, 1 }, { 0x001BC, 0x001BC,      1, 1 },
    { 0x001C4, 0x001C4,      2, 1 }, { 0x001C5, 0x001C5,      1, 1 },
    { 0x001C7, 0x001C7,      2, 1 }, { 0x001C8, 0x001C8,      1, 1 },
    { 0x001CA, 0x001CA,      2, 1 }, { 0x001CB, 0x001DB,      1, 2 },
    { 0x001DE, 0x001EE,      1, 2 }, { 0x001F1, 0x001F1,      2, 1 },
    { 0x001F2, 0x001F4,      1, 2 }, { 0x001F6, 0x001F6,    -97, 1 },
    { 0x001F7, 0x001F7,    -56, 1 }, { 0x001F8, 0x0021E,      1, 2 },
    { 0x00220, 0x00220,   -130, 1 }, { 0x00222, 0x00232,      1, 2 },
    { 0x0023A, 0x0023A,  10795, 1 }, { 0x0023B, 0x0023B,      1, 1 },
    { 0x0023D, 0x0023D,   -163, 1 }, { 0x0023E, 0x0023E,  10792, 1 },
    { 0x00241, 0x00241,      1, 1 }, { 0x00243, 0x00243,   -195, 1 },
    { 0x00244, 0x00244,     69, 1 }, { 0x00245, 0x00245,     71, 1 },
    { 0x00246, 0x0024E,      1, 2 }, { 0x00345, 0x00345,    116, 1 },
    { 0x00370, 0x00372,      1, 2 }, { 0x00376, 0x00376,      1, 1 },
    { 0x0037F, 0x0037F,    116, 1 }, { 0x00386, 0x00386,     38, 1 },
    { 0x00388, 0x0038A,     37, 1 }, { 0x0038C, 0x0038C,     64, 1 },
    { 0x0038E, 0x0038F,     63, 1 }, { 0x00391, 0x003A1,     32, 1 },
    { 0x003A3, 0x003AB,     32, 1 }, { 0x003C2, 0x003C2,      1, 1 },
    { 0x003CF, 0x003CF,      8, 1 }, { 0x003D0, 0x003D0,    -30, 1 },
    { 0x003D1, 0x003D1,    -25, 1 }, { 0x003D5, 0x003D5,    -15, 1 },
    { 0x003D6, 0x003D6,    -22, 1 }, { 0x003D8, 0x003EE,      1, 2 },
    { 0x003F0, 0x003F0,    -54, 1 }, { 0x003F1, 0x003F1,    -48, 1 },
    { 0x003F4, 0x003F4,    -60, 1 }, { 0x003F5, 0x003F5,    -64, 1 },
    { 0x003F7, 0x003F7,      1, 1 }, { 0x003F9, 0x003F9,     -7, 1 },
    { 0x003FA, 0x003FA,      1, 1 }, { 0x003FD, 0x003FF,   -130, 1 },
    { 0x00400, 0x0040F,     80, 1 }, { 0x00410, 0x0042F,     32, 1 },
    { 0x00460, 0x00480,      1, 2 }, { 0x0048A, 0x004BE,      1, 2 },
    { 0x004C0, 0x004C0,     15, 1 }, { 0x004C1, 0x004CD,      1, 2 },
    { 0x004D0, 0x0052E,      1, 2 }, { 0x00531, 0x00556,     48, 1 },
    { 0x010A0, 0x010C5,   7264, 1 }, { 0x010C7, 0x010C7,   7264, 1 },
    { 0x010CD, 0x010CD,   7264, 1 }, { 0x013F8, 0x013FD,     -8, 1 },
    { 0x01C80, 0x01C80,  -6222, 1 }, { 0x01C81, 0x01C81,  -6221, 1 },
    { 0x01C82, 0x01C82,  -6212, 1 }, { 0x01C83, 0x01C84,  -6210, 1 },
    { 0x01C85, 0x01C85,  -6211, 1 }, { 0x01C86, 0x01C86,  -6204, 1 },
    { 0x01C87, 0x01C87,  -6180, 1 }, { 0x01C88, 0x01C88,  35267, 1 },
    { 0x01C90, 0x01CBA,  -3008, 1 }, { 0x01CBD, 0x01CBF,  -3008, 1 },
    { 0x01E00, 0x01E94,      1, 2 }, { 0x01E9B, 0x01E9B,    -58, 1 },
    { 0x01E9E, 0x01E9E,  -7615, 1 }, { 0x01EA0, 0x01EFE,      1, 2 },
    { 0x01F08, 0x01F0F,     -8, 1 }, { 0x01F18, 0x01F1D,     -8, 1 },
    { 0x01F28, 0x01F2F,     -8, 1 }, { 0x01F38, 0x01F3F,     -8, 1 },
    { 0x01F48, 0x01F4D,     -8, 1 }, { 0x01F59, 0x01F5F,     -8, 2 },
    { 0x01F68, 0x01F6F,     -8, 1 }, { 0x01F88, 0x01F8F,     -8, 1 },
    { 0x01F98, 0x01F9F,     -8, 1 }, { 0x01FA8, 0x01FAF,     -8, 1 },
    { 0x01FB8, 0x01FB9,     -8, 1 }, { 0x01FBA, 0x01FBB,    -74, 1 },
    { 0x01FBC, 0x01FBC,     -9, 1 }, { 0x01FBE, 0x01FBE,  -7173, 1 },
    { 0x01FC8, 0x01FCB,    -86, 1 }, { 0x01FCC, 0x01FCC,     -9, 1 },
    { 0x01FD8, 0x01FD9,     -8, 1 }, { 0x01FDA, 0x01FDB,   -100, 1 },
    { 0x01FE8, 0x01FE9,     -8, 1 }, { 0x01FEA, 0x01FEB,   -112, 1 },
    { 0x01FEC, 0x01FEC,     -7, 1 }, { 0x01FF8, 0x01FF9,   -128, 1 },
    { 0x01FFA, 0x01FFB,   -126, 1 }, { 0x01FFC, 0x01FFC,     -9, 1 },
    { 0x02126, 0x02126,  -7517, 1 }, { 0x0212A, 0x0212A,  -8383, 1 },
    { 0x0212B, 0x0212B,  -8262, 1 }, { 0x02132, 0x02132,     28, 1 },
    { 0x02160, 0x0216F,     16, 1 }, { 0x02183, 0x02183,      1, 1 },
    { 0x024B6, 0x024CF,     26, 1 }, { 0x02C00, 0x02C2F,     48, 1 },
    { 0x02C60, 0x02C60,      1, 1 }, { 0x02C62, 0x02C62, -10743, 1 },
    { 0x02C63, 0x02C63,  -3814, 1 }, { 0x02C64, 0x02C64, -10727, 1 },
    { 0x02C67, 0x02C6B,      1, 2 }, { 0x02C6D, 0x02C6D, -10780, 1 },
    { 0x02C6E, 0x02C6E, -10749, 1 }, { 0x02C6F, 0x02C6F, -10783, 1 },
    { 0x02C70, 0x02C70, -10782, 1 }, { 0x02C72, 0x02C72,      1, 1 },
    { 0x02C75, 0x02C75,      1, 1 }, { 0x02C7E, 0x02C7F, -10815, 1 },
    { 0x02C80, 0x02CE2,      1, 2 }, { 0x02CEB, 0x02CED,      1, 2 },
    { 0x02CF2, 0x02CF2,      1, 1 }, { 0x0A640, 0x0A66C,      1, 2 },
    { 0x0A680, 0x0A69A,      1, 2 }, { 0x0A722, 0x0A72E,      1, 2 },
    { 0x0A732, 0x0A76E,      1, 2 }, { 0x0A779, 0x0A77B,      1, 2 },
    { 0x0A77D, 0x0A77D, -35332, 1 }, { 0x0A77E, 0x0A786,      1, 2 },
    { 0x0A78B, 0x0A78B,      1, 1 }, { 0x0A78D, 0x0A78D, -42280, 1 },
    { 0x0A790, 0x0A792,      1, 2 }, { 0x0A796, 0x0A7A8,      1, 2 },
    { 0x0A7AA, 0x0A7AA, -42308, 1 }, { 0x0A7AB, 0x0A7AB, -42319, 1 },
    { 0x0A7AC, 0x0A7AC, -42315, 1 }, { 0x0A7AD, 0x0A7AD, -42305, 1 },
    { 0x0A7AE, 0x0A7AE, -42308, 1 }, { 0x0A7B0, 0x0A7B0, -42258, 1 },
    { 0x0A7B1, 0x0A7B1, -42282, 1 }, { 0x0A7B2, 0x0A7B2, -42261, 1 },
    { 0x0A7B3, 0x0A7B3,    928, 1 }, { 0x0A7B4, 0x0A7C2,      1, 2 },
    { 0x0A7C4, 0x0A7C4,    -48, 1 }, { 0x0A7C5, 0x0A7C5, -42307, 1 },
    { 0x0A7C6, 0x0A7C6, -35384, 1 }, { 0x0A7C7, 0x0A7C9,      1, 2 },
    { 0x0A7D0, 0x0A7D0,      1, 1 }, { 0x0A7D6, 0x0A7D8,      1, 2 },
    { 0x0A7F5, 0x0A7F5,      1, 1 }, { 0x0AB70, 0x0ABBF, -38864, 1 },
    { 0x0FF21, 0x0FF3A,     32, 1 }, { 0x10400, 0x10427,     40, 1 },
    { 0x104B0, 0x104D3,     40, 1 }, { 0x10570, 0x1057A,     39, 1 },
    { 0x1057C, 0x1058A,     39, 1 }, { 0x1058C, 0x10592,     39, 1 },
    { 0x10594, 0x10595,     39, 1 }, { 0x10C80, 0x10CB2,     64, 1 },
    { 0x118A0, 0x118BF,     32, 1 }, { 0x16E40, 0x16E5F,     32, 1 },
    { 0x1E900, 0x1E921,     34, 1 }
};

#define ART_AHO_NFOLD                                                       \
    (sizeof(art_aho_fold_ranges) / sizeof(art_aho_fold_ranges[0]))

/*
 * For each block of 256 code points, the first run that ends in or after
 * it: a lookup searches only between one block's entry and the next's.
 */
static const unsigned char  art_aho_fold_blocks[] = {
    0, 3, 51, 63, 88, 94, 96, 96, 96, 96, 96, 96, 96, 96, 96, 96, 96, 99, 99,
    99, 100, 100, 100, 100, 100, 100, 100, 100, 100, 110, 110, 114, 138, 138,
    144, 144, 144, 145, 145, 145, 145, 145, 145, 145, 145, 161, 161, 161, 161,
    161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161,
    161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161,
    161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161,
    161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161,
    161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161,
    161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161,
    161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161,
    161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 161, 163, 189,
    189, 189, 189, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190,
    190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190,
    190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190,
    190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190,
    190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190,
    190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 190, 191, 191, 191,
    191, 191, 193, 197, 197, 197, 197, 197, 197, 197, 198, 198, 198, 198, 198,
    198, 198, 198, 198, 198, 198, 198, 199, 199, 199, 199, 199, 199, 199, 199,
    199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199,
    199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199,
    199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199,
    199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199,
    199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199, 199,
    199, 199, 199, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
    200, 200, 200, 200, 200, 200, 201
};

#define ART_AHO_NBLOCKS                                                     \
    (sizeof(art_aho_fold_blocks) / sizeof(art_aho_fold_blocks[0]))


static int art_aho_insert(art_aho_t *ac, const uint16_t *sym, size_t nsym,
    size_t len, unsigned id);
static uint32_t art_aho_child(const art_aho_t *ac, uint32_t s, uint16_t sym);
static void art_aho_pairs(art_aho_t *ac);
static int art_aho_shifts(art_aho_t *ac);
static void art_aho_fold_leads(art_aho_t *ac, int all);
static inline int art_aho_may_start(const art_aho_t *ac,
    const unsigned char *t, size_t i, size_t n);
static unsigned art_aho_quad_hash(const unsigned char *p);
static void art_aho_pair(art_aho_t *ac, unsigned c1, int c2);
static uint32_t art_aho_sym_cls(const art_aho_t *ac, uint16_t sym);
static uint32_t art_aho_reports(const uint32_t *out, const uint32_t *dict,
    uint32_t ordinal);
static int art_aho_boundary(int outside, int inside);
static size_t art_aho_char(const unsigned char *p, size_t n, int *kind);
static size_t art_aho_encode(unsigned long cp, unsigned char *out);
static size_t art_aho_fold_start(const art_aho_t *ac,
    const unsigned char *p, size_t n);
static int art_aho_folds(const art_aho_t *ac, const unsigned char *p,
    size_t n, size_t i);
#if ART_AHO_CTZ
static inline size_t art_aho_fold_lead(const art_aho_t *ac,
    const unsigned char *p, size_t n, size_t base, uint64_t lead);
#endif
static int art_aho_fold_text(const art_aho_t *ac, art_buf_t *scratch,
    const unsigned char *p, size_t n, const unsigned char **out,
    size_t *outlen, const uint32_t **map);
static inline uint32_t art_aho_step(const art_aho_t *ac, uint32_t s,
    uint32_t c);
static int art_aho_run(const art_aho_t *ac, const unsigned char *t,
    size_t n, const uint32_t *map, art_aho_match_fn cb, void *ud);
static int art_aho_run_wm(const art_aho_t *ac, const unsigned char *t,
    size_t n, const uint32_t *map, art_aho_match_fn cb, void *ud);
static int art_aho_run_words(const art_aho_t *ac, const unsigned char *t,
    size_t n, const uint32_t *map, art_aho_match_fn cb, void *ud);
static int art_aho_report(const art_aho_t *ac, uint32_t s, size_t fend,
    const uint32_t *map, art_aho_match_fn cb, void *ud);
static int art_aho_emit(uint32_t len, uint32_t id, size_t fend,
    const uint32_t *map, art_aho_match_fn cb, void *ud);


art_aho_t *
art_aho_create(const art_allocator_t *a, unsigned flags)
{
    art_aho_t  *ac;

    ac = art_calloc(a, sizeof(art_aho_t));
    if (ac == NULL) {
        return NULL;
    }

    ac->alloc = a;
    ac->flags = flags;
    art_buf_init(&ac->fold, a);
    memset(ac->root, 0xff, sizeof(ac->root));

    ac->nodes = art_grow(a, NULL, 0, &ac->nodes_cap, 1,
                             sizeof(art_aho_node_t));
    if (ac->nodes == NULL) {
        art_free(a, ac);
        return NULL;
    }

    ac->nodes[0].edge = ART_AHO_NONE;
    ac->nodes[0].out = ART_AHO_NONE;
    ac->nnodes = 1;

    return ac;
}


void
art_aho_destroy(art_aho_t *ac)
{
    const art_allocator_t  *a;

    if (ac == NULL) {
        return;
    }

    a = ac->alloc;

    art_free(a, ac->nodes);
    art_free(a, ac->edges);
    art_free(a, ac->syms);
    art_buf_free(&ac->fold);
    art_free(a, ac->pats);
    art_free(a, ac->trans);
    art_free(a, ac->out);
    art_free(a, ac->dict);
    art_free(a, ac->shift);
    art_free(a, ac);
}


int
art_aho_add(art_aho_t *ac, const unsigned char *p, size_t n, unsigned id)
{
    int        kind, prev;
    size_t     i, k, len, nsym;
    void      *q;

    if (ac->compiled || n == 0) {
        return -1;
    }

    if (ac->flags & ART_AHO_CASELESS) {
        ac->fold.len = 0;
        if (art_aho_fold(&ac->fold, p, n) != 0) {
            return -1;
        }
        p = ac->fold.data;
        n = ac->fold.len;
    }

    /* lengths are kept in 32 bits, and a boundary may double a pattern */
    if (n >= ART_AHO_OUT / 2) {
        return -1;
    }

    q = art_grow(ac->alloc, ac->syms, 0, &ac->syms_cap, 2 * n,
                     sizeof(uint16_t));
    if (q == NULL) {
        return -1;
    }
    ac->syms = q;

    nsym = 0;
    prev = ART_AHO_NONWORD;

    for (i = 0; i < n; i += len) {
        len = 1;
        kind = ART_AHO_NONWORD;

        if (ac->flags & ART_AHO_WORDS) {
            len = art_aho_char(p + i, n - i, &kind);

            if (i == 0 || art_aho_boundary(prev, kind)) {
                ac->syms[nsym++] = ART_AHO_BOUNDARY;
            }
        }

        for (k = 0; k < len; k++) {
            ac->syms[nsym++] = p[i + k];
        }

        prev = kind;
    }

    if ((ac->flags & ART_AHO_WORDS) && n >= 4) {
        for (k = 0; k < 4 && p[k] < 0x80
                    && art_aho_ascii_kind[p[k]] == ART_AHO_WORD; k++)
        {
            /* void */
        }

        if (k == 4) {
            k = art_aho_quad_hash(p);
            ac->quad[k >> 3] |= (unsigned char) (1 << (k & 7));
        }
    }

    return art_aho_insert(ac, ac->syms, nsym, n, id);
}


int
art_aho_compile(art_aho_t *ac)
{
    size_t                  i, n, nd, ne, ncls, head, tail, top, total;
    uint32_t                s, t, f, e, g, k, *order, *fail, *ren, *off;
    uint32_t               *stack, *tout, *tdict;
    uint32_t               *base, *to;
    uint16_t                sym;
    unsigned char           used[257], *cl;
    const art_allocator_t  *a;

    if (ac->compiled) {
        return 0;
    }

    a = ac->alloc;
    n = ac->nnodes;

    /*
     * Byte classes: one per byte used by a pattern, one for all other
     * bytes, one for the boundary.
     */
    memset(used, 0, sizeof(used));
    for (i = 0; i < ac->nedges; i++) {
        used[ac->edges[i].sym] = 1;
    }

    ncls = 0;
    for (i = 0; i < 256; i++) {
        ncls += used[i];
    }

    k = ncls < 256 ? 1 : 0;
    for (i = 0; i < 256; i++) {
        ac->cls[i] = used[i] ? (unsigned char) k++ : 0;
    }

    ac->boundary_cls = k;
    ncls = k + used[ART_AHO_BOUNDARY];

    /* sparse states keep a class in a byte */
    if (ncls > 256) {
        return -1;
    }

    if (ac->flags & ART_AHO_CASELESS) {
        /* folded patterns hold no upper case ASCII: the text keeps its */
        for (i = 'A'; i <= 'Z'; i++) {
            ac->cls[i] = ac->cls[i + 32];
        }
    }

    ac->ncls = ncls;

    off = NULL;
    stack = NULL;
    tout = NULL;
    tdict = NULL;
    order = art_alloc(a, n * sizeof(uint32_t));
    fail = art_alloc(a, n * sizeof(uint32_t));
    ren = art_alloc(a, n * sizeof(uint32_t));

    if (order == NULL || fail == NULL || ren == NULL) {
        goto failed;
    }

    /* breadth-first order and failure links, in trie numbering */
    order[0] = 0;
    fail[0] = 0;
    head = 0;
    tail = 1;

    while (head < tail) {
        s = order[head++];

        for (e = ac->nodes[s].edge; e != ART_AHO_NONE;
             e = ac->edges[e].next)
        {
            t = ac->edges[e].to;
            sym = ac->edges[e].sym;

            if (s == 0) {
                fail[t] = 0;

            } else {
                f = fail[s];

                for ( ;; ) {
                    g = art_aho_child(ac, f, sym);
                    if (g != ART_AHO_NONE) {
                        fail[t] = g;
                        break;
                    }

                    if (f == 0) {
                        fail[t] = 0;
                        break;
                    }

                    f = fail[f];
                }
            }

            order[tail++] = t;
        }
    }

    for (i = 0; i < n; i++) {
        ren[order[i]] = (uint32_t) i;
    }

    nd = ART_AHO_DENSE_MAX / (ncls * sizeof(uint32_t));
    if (nd == 0) {
        nd = 1;
    }
    if (nd > n) {
        nd = n;
    }

    /* outputs: a state's own patterns, then those along its failures */
    tout = art_alloc(a, n * sizeof(uint32_t));
    tdict = art_alloc(a, n * sizeof(uint32_t));
    off = art_alloc(a, n * sizeof(uint32_t));
    if (tout == NULL || tdict == NULL || off == NULL
        || n >= ART_AHO_MAX_STATES)
    {
        goto failed;
    }

    for (i = 0; i < n; i++) {
        s = order[i];
        tout[i] = ac->nodes[s].out;

        if (i == 0) {
            tdict[i] = ART_AHO_NONE;
            continue;
        }

        f = ren[fail[s]];
        tdict[i] = tout[f] != ART_AHO_NONE ? f : tdict[f];
    }

    /* where each state starts in trans: dense rows, then sparse states */
    total = nd * ncls;

    for (i = 0; i < nd; i++) {
        off[i] = (uint32_t) (i * ncls);
    }

    /*
     * The sparse states in depth-first order: a chain of states (the rest
     * of a word) lies in consecutive memory, which a walk reads in order.
     */
    stack = art_alloc(a, n * sizeof(uint32_t));
    if (stack == NULL) {
        goto failed;
    }

    stack[0] = 0;
    top = 1;

    while (top > 0) {
        s = stack[--top];
        ne = 0;

        for (e = ac->nodes[s].edge; e != ART_AHO_NONE;
             e = ac->edges[e].next)
        {
            stack[top++] = ac->edges[e].to;
            ne++;
        }

        i = ren[s];
        if (i < nd) {
            continue;
        }

        off[i] = (uint32_t) total;
        total += 2 + (ne + 3) / 4 + ne;

        if (tout[i] != ART_AHO_NONE || tdict[i] != ART_AHO_NONE) {
            total += 4;
        }

        if (total >= ART_AHO_OUT) {
            goto failed;
        }
    }

    ac->trans = art_calloc(a, total * sizeof(uint32_t));
    ac->out = art_alloc(a, nd * sizeof(uint32_t));
    ac->dict = art_alloc(a, nd * sizeof(uint32_t));

    if (ac->trans == NULL || ac->out == NULL || ac->dict == NULL) {
        goto failed;
    }

    for (i = 0; i < n; i++) {
        s = order[i];
        base = ac->trans + off[i];
        t = tdict[i] != ART_AHO_NONE ? off[tdict[i]] : ART_AHO_NONE;

        if (i < nd) {
            ac->out[i] = tout[i];
            ac->dict[i] = t;

            /*
             * Dense rows are complete: a missing edge takes the failure
             * state's row, which comes earlier in breadth-first order and
             * is dense too.
             */
            if (i > 0) {
                memcpy(base, ac->trans + off[ren[fail[s]]],
                       ncls * sizeof(uint32_t));
            }

            for (e = ac->nodes[s].edge; e != ART_AHO_NONE;
                 e = ac->edges[e].next)
            {
                g = ren[ac->edges[e].to];
                base[art_aho_sym_cls(ac, ac->edges[e].sym)] =
                    off[g] | art_aho_reports(tout, tdict, g);
            }

            continue;
        }

        /*
         * failure, edges | ordinal << 9, classes four a word, targets;
         * then, if the state reports, its first pattern's length, id and
         * next pattern, and the next state on its failure chain that
         * reports: at hand, where a report needs them
         */
        ne = 0;
        for (e = ac->nodes[s].edge; e != ART_AHO_NONE;
             e = ac->edges[e].next)
        {
            ne++;
        }

        base[0] = off[ren[fail[s]]];
        base[1] = (uint32_t) (ne | (i << 9));
        cl = (unsigned char *) (base + 2);
        to = base + 2 + (ne + 3) / 4;
        k = 0;

        for (e = ac->nodes[s].edge; e != ART_AHO_NONE;
             e = ac->edges[e].next)
        {
            g = ren[ac->edges[e].to];
            cl[k] = (unsigned char) art_aho_sym_cls(ac, ac->edges[e].sym);
            to[k++] = off[g] | art_aho_reports(tout, tdict, g);
        }

        if (art_aho_reports(tout, tdict, (uint32_t) i)) {
            to += ne;
            k = tout[i];
            to[0] = k != ART_AHO_NONE ? ac->pats[k].len : 0;
            to[1] = k != ART_AHO_NONE ? ac->pats[k].id : 0;
            to[2] = k != ART_AHO_NONE ? ac->pats[k].next : ART_AHO_NONE;
            to[3] = t;
        }
    }

    /*
     * The root's skip table: bytes that leave it where it is; in
     * whole-words mode, bytes that cannot follow the boundary.
     */
    ac->nstates = n;
    ac->dense_end = nd * ncls;

    if (used[ART_AHO_BOUNDARY]) {
        ac->boundary_state = ac->trans[ac->boundary_cls];
    }

    for (i = 0; i < 256; i++) {
        ac->skip[i] = used[ART_AHO_BOUNDARY]
                      ? art_aho_step(ac, ac->boundary_state & ~ART_AHO_OUT,
                                     ac->cls[i]) == 0
                      : ac->trans[ac->cls[i]] == 0;
    }

    art_aho_pairs(ac);

    if (art_aho_shifts(ac) != 0) {
        goto failed;
    }

    memset(ac->latin1_folds, 0, sizeof(ac->latin1_folds));

    for (i = 0; i < 0x80; i++) {
        if (art_aho_fold_cp(0x80 + i) != 0x80 + i) {
            ac->latin1_folds[i >> 6] |= (uint64_t) 1 << (i & 63);
        }
    }

    /* with all 256 bytes in patterns, class 0 is a byte of theirs too */
    for (i = 0; i < 256 && used[i]; i++) {
        /* void */
    }

    art_aho_fold_leads(ac, i == 256);

    ac->memory = sizeof(art_aho_t) + total * sizeof(uint32_t)
                 + nd * 2 * sizeof(uint32_t)
                 + ac->npats * sizeof(art_aho_pat_t)
                 + (ac->shift ? 65536 : 0);

    art_free(a, order);
    art_free(a, fail);
    art_free(a, ren);
    art_free(a, off);
    art_free(a, stack);
    art_free(a, tout);
    art_free(a, tdict);

    art_free(a, ac->nodes);
    art_free(a, ac->edges);
    art_free(a, ac->syms);
    art_buf_free(&ac->fold);
    ac->nodes = NULL;
    ac->edges = NULL;
    ac->syms = NULL;

    ac->compiled = 1;

    return 0;

failed:

    art_free(a, order);
    art_free(a, fail);
    art_free(a, ren);
    art_free(a, off);
    art_free(a, stack);
    art_free(a, tout);
    art_free(a, tdict);

    art_free(a, ac->trans);
    art_free(a, ac->out);
    art_free(a, ac->dict);
    ac->trans = NULL;
    ac->out = NULL;
    ac->dict = NULL;

    return -1;
}


int
art_aho_scan(const art_aho_t *ac, art_buf_t *scratch,
    const unsigned char *text, size_t len, art_aho_match_fn cb, void *ud)
{
    size_t           n;
    const uint32_t  *map;

    if (!ac->compiled || len >= 0xffffffffu / 2) {
        return -1;
    }

    if (ac->npats == 0 || len == 0) {
        return 0;
    }

    map = NULL;
    n = len;

    if (ac->flags & ART_AHO_CASELESS) {
        if (art_aho_fold_text(ac, scratch, text, len, &text, &n, &map)
            != 0)
        {
            return -1;
        }
    }

    if (ac->flags & ART_AHO_WORDS) {
        return art_aho_run_words(ac, text, n, map, cb, ud);
    }

    if (ac->wm) {
        return art_aho_run_wm(ac, text, n, map, cb, ud);
    }

    return art_aho_run(ac, text, n, map, cb, ud);
}


size_t
art_aho_patterns(const art_aho_t *ac)
{
    return ac->npats;
}


size_t
art_aho_states(const art_aho_t *ac)
{
    return ac->compiled ? ac->nstates : ac->nnodes;
}


size_t
art_aho_memory(const art_aho_t *ac)
{
    return ac->memory;
}


int
art_aho_char_kind(unsigned long cp)
{
    size_t                       lo, hi, mid;
    const art_aho_kind_range_t  *r;

    if (cp < 0x80) {
        return art_aho_ascii_kind[cp];
    }

    if ((cp >> 8) < ART_AHO_NKBLOCKS && art_aho_kind_blocks[cp >> 8] < 3) {
        return art_aho_kind_blocks[cp >> 8];
    }

    lo = 0;
    hi = ART_AHO_NKIND;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        r = &art_aho_kind_ranges[mid];

        if (cp < r->first) {
            hi = mid;

        } else if (cp > r->last) {
            lo = mid + 1;

        } else {
            return (int) r->kind;
        }
    }

    return ART_AHO_NONWORD;
}



unsigned long
art_aho_fold_cp(unsigned long cp)
{
    size_t                       b, lo, hi, mid;
    const art_aho_fold_range_t  *r;

    if (cp < 0x80) {
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    }

    b = cp >> 8;
    if (b + 1 >= ART_AHO_NBLOCKS) {
        return cp;
    }

    lo = art_aho_fold_blocks[b];
    hi = (size_t) art_aho_fold_blocks[b + 1] + 1;
    if (hi > ART_AHO_NFOLD) {
        hi = ART_AHO_NFOLD;
    }

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        r = &art_aho_fold_ranges[mid];

        if (cp < r->first) {
            hi = mid;

        } else if (cp > r->last) {
            lo = mid + 1;

        } else {
            if (r->stride == 2 && ((cp - r->first) & 1)) {
                return cp;
            }

            return (unsigned long) ((long) cp + r->delta);
        }
    }

    return cp;
}


int
art_aho_fold(art_buf_t *out, const unsigned char *p, size_t n)
{
    size_t          i, len;
    unsigned long   cp;
    unsigned char   enc[4];

    if (art_buf_reserve(out, n + n / 2 + 4) != 0) {
        return -1;
    }

    for (i = 0; i < n; i += len) {
        len = art_aho_utf8_decode(p + i, n - i, &cp);

        if (len == 0) {
            art_buf_append_byte(out, p[i]);
            len = 1;
            continue;
        }

        art_buf_append(out, enc, art_aho_encode(art_aho_fold_cp(cp), enc));
    }

    return out->failed ? -1 : 0;
}


size_t
art_aho_utf8_decode(const unsigned char *p, size_t n, unsigned long *cp)
{
    unsigned long  c;

    c = p[0];

    if (c < 0x80) {
        *cp = c;
        return 1;
    }

    if (c < 0xc2 || c > 0xf4) {
        return 0;
    }

    if (c < 0xe0) {
        if (n < 2 || (p[1] & 0xc0) != 0x80) {
            return 0;
        }

        *cp = ((c & 0x1f) << 6) | (p[1] & 0x3f);
        return 2;
    }

    if (c < 0xf0) {
        if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80) {
            return 0;
        }

        c = ((c & 0x0f) << 12) | ((p[1] & 0x3fUL) << 6) | (p[2] & 0x3f);
        if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) {
            return 0;
        }

        *cp = c;
        return 3;
    }

    if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80
        || (p[3] & 0xc0) != 0x80)
    {
        return 0;
    }

    c = ((c & 0x07) << 18) | ((p[1] & 0x3fUL) << 12)
        | ((p[2] & 0x3fUL) << 6) | (p[3] & 0x3f);
    if (c < 0x10000 || c > 0x10ffff) {
        return 0;
    }

    *cp = c;
    return 4;
}


static int
art_aho_insert(art_aho_t *ac, const uint16_t *sym, size_t nsym, size_t len,
    unsigned id)
{
    size_t     i;
    uint32_t   s, t, k;
    void      *q;

    if (ac->nnodes + nsym >= ART_AHO_MAX_STATES) {
        return -1;
    }

    s = 0;

    for (i = 0; i < nsym; i++) {
        t = art_aho_child(ac, s, sym[i]);
        if (t != ART_AHO_NONE) {
            s = t;
            continue;
        }

        q = art_grow(ac->alloc, ac->nodes, ac->nnodes, &ac->nodes_cap,
                         ac->nnodes + 1, sizeof(art_aho_node_t));
        if (q == NULL) {
            return -1;
        }
        ac->nodes = q;

        q = art_grow(ac->alloc, ac->edges, ac->nedges, &ac->edges_cap,
                         ac->nedges + 1, sizeof(art_aho_edge_t));
        if (q == NULL) {
            return -1;
        }
        ac->edges = q;

        t = (uint32_t) ac->nnodes++;
        ac->nodes[t].edge = ART_AHO_NONE;
        ac->nodes[t].out = ART_AHO_NONE;

        ac->edges[ac->nedges].to = t;
        ac->edges[ac->nedges].sym = sym[i];
        ac->edges[ac->nedges].next = ac->nodes[s].edge;
        ac->nodes[s].edge = (uint32_t) ac->nedges;

        if (s == 0) {
            ac->root[sym[i]] = t;
        }

        ac->nedges++;
        s = t;
    }

    for (k = ac->nodes[s].out; k != ART_AHO_NONE; k = ac->pats[k].next) {
        if (ac->pats[k].id == id) {
            return 0;
        }
    }

    q = art_grow(ac->alloc, ac->pats, ac->npats, &ac->pats_cap,
                     ac->npats + 1, sizeof(art_aho_pat_t));
    if (q == NULL) {
        return -1;
    }
    ac->pats = q;

    ac->pats[ac->npats].len = (uint32_t) len;
    ac->pats[ac->npats].id = id;
    ac->pats[ac->npats].next = ac->nodes[s].out;
    ac->nodes[s].out = (uint32_t) ac->npats;
    ac->npats++;

    return 0;
}


static uint32_t
art_aho_child(const art_aho_t *ac, uint32_t s, uint16_t sym)
{
    uint32_t  e;

    if (s == 0) {
        return ac->root[sym];
    }

    for (e = ac->nodes[s].edge; e != ART_AHO_NONE; e = ac->edges[e].next) {
        if (ac->edges[e].sym == sym) {
            return ac->edges[e].to;
        }
    }

    return ART_AHO_NONE;
}


/*
 * The pairs of bytes a match can start with (after the boundary, in
 * whole-words mode), from the trie: where the text at the root holds no
 * such pair, a scan moves on without a transition.
 */
static void
art_aho_pairs(art_aho_t *ac)
{
    uint32_t  start, e1, e2, t1;
    uint16_t  c1;

    memset(ac->pair, 0, sizeof(ac->pair));

    start = 0;

    if (ac->flags & ART_AHO_WORDS) {
        start = ac->root[ART_AHO_BOUNDARY];
        if (start == ART_AHO_NONE) {
            return;
        }
    }

    for (e1 = ac->nodes[start].edge; e1 != ART_AHO_NONE;
         e1 = ac->edges[e1].next)
    {
        c1 = ac->edges[e1].sym;
        t1 = ac->edges[e1].to;

        if (c1 == ART_AHO_BOUNDARY) {
            continue;
        }

        /* a one-byte match, or one going on after a boundary */
        if (ac->nodes[t1].out != ART_AHO_NONE
            || art_aho_child(ac, t1, ART_AHO_BOUNDARY) != ART_AHO_NONE)
        {
            art_aho_pair(ac, c1, -1);
            continue;
        }

        for (e2 = ac->nodes[t1].edge; e2 != ART_AHO_NONE;
             e2 = ac->edges[e2].next)
        {
            art_aho_pair(ac, c1, ac->edges[e2].sym);
        }
    }
}


/*
 * The window shifts (see art_aho_t.shift), from the trie: every pair of
 * bytes on a path from the root, by where it ends within the first wm
 * bytes of a pattern.
 */
static int
art_aho_shifts(art_aho_t *ac)
{
    size_t          i, m, top, ncls, cap, d;
    uint16_t        x;
    uint32_t        e, s, pc, *node, *depth, *prev;
    unsigned        c;
    unsigned char  *cs, b2[2];

    ac->wm = 0;

    if ((ac->flags & ART_AHO_WORDS) || ac->npats == 0) {
        return 0;
    }

    m = (size_t) -1;
    for (i = 0; i < ac->npats; i++) {
        if (ac->pats[i].len < m) {
            m = ac->pats[i].len;
        }
    }

    if (m < 3) {
        return 0;
    }

    /* a longer window gains little, and shifts stay in a byte */
    if (m > 64) {
        m = 64;
    }

    ncls = ac->ncls;
    cs = art_alloc(ac->alloc, ncls * ncls);
    if (cs == NULL) {
        return -1;
    }

    /* by the classes of the two bytes first */
    memset(cs, (int) (m - 1), ncls * ncls);

    /* depth-first, to depth m; a trie has fewer edges than nodes */
    cap = ac->nnodes;
    node = art_alloc(ac->alloc, 3 * cap * sizeof(uint32_t));
    if (node == NULL) {
        art_free(ac->alloc, cs);
        return -1;
    }

    depth = node + cap;
    prev = depth + cap;

    node[0] = 0;
    depth[0] = 0;
    prev[0] = 0;
    top = 1;

    while (top > 0) {
        top--;
        s = node[top];
        d = depth[top];
        pc = prev[top];

        if (d == m) {
            continue;
        }

        for (e = ac->nodes[s].edge; e != ART_AHO_NONE;
             e = ac->edges[e].next)
        {
            c = ac->cls[ac->edges[e].sym];

            /* the pair ends at byte d of the window */
            if (d >= 1 && cs[pc * ncls + c] > m - 1 - d) {
                cs[pc * ncls + c] = (unsigned char) (m - 1 - d);
            }

            node[top] = ac->edges[e].to;
            depth[top] = d + 1;
            prev[top] = c;
            top++;
        }
    }

    art_free(ac->alloc, node);

    ac->shift = art_alloc(ac->alloc, 65536);
    if (ac->shift == NULL) {
        art_free(ac->alloc, cs);
        return -1;
    }

    for (i = 0; i < 65536; i++) {
        /* the bytes as a scan reads them, in this machine's order */
        x = (uint16_t) i;
        memcpy(b2, &x, 2);
        ac->shift[i] = cs[ac->cls[b2[0]] * ncls + ac->cls[b2[1]]];
    }

    art_free(ac->alloc, cs);
    ac->wm = m;

    return 0;
}


/* c2 -1: any second byte; upper case ASCII too when caseless */
static void
art_aho_pair(art_aho_t *ac, unsigned c1, int c2)
{
    unsigned  a, b, k, i;
    unsigned  firsts[2], seconds[2];

    firsts[0] = c1;
    firsts[1] = c1;
    seconds[0] = (unsigned) c2;
    seconds[1] = (unsigned) c2;

    if (ac->flags & ART_AHO_CASELESS) {
        if (c1 >= 'a' && c1 <= 'z') {
            firsts[1] = c1 - 32;
        }

        if (c2 >= 'a' && c2 <= 'z') {
            seconds[1] = (unsigned) c2 - 32;
        }
    }

    for (a = 0; a < 2; a++) {
        if (c2 < 0) {
            for (i = 0; i < 256; i++) {
                k = (firsts[a] << 8) | i;
                ac->pair[k >> 3] |= (unsigned char) (1 << (k & 7));
            }
            continue;
        }

        for (b = 0; b < 2; b++) {
            k = (firsts[a] << 8) | seconds[b];
            ac->pair[k >> 3] |= (unsigned char) (1 << (k & 7));
        }
    }
}


/*
 * Which characters a scan has to fold (art_aho_t.fold_lead): a byte that
 * no pattern holds has class 0 and leads the automaton back to the root
 * from anywhere, so a character made of such bytes, folded or not, finds
 * the same matches, only at other offsets, which the text keeps when it
 * is not folded.  Folding keeps the kind of a character (a word
 * character or not, standalone or not), so whole words see no change
 * either.  all: every byte is some pattern's, every folding counts.
 */
static void
art_aho_fold_leads(art_aho_t *ac, int all)
{
    size_t                       r, k, n, fn;
    unsigned long                cp, f;
    unsigned char                enc[4], fenc[4];
    const art_aho_fold_range_t  *fr;

    memset(ac->fold_lead, 0, sizeof(ac->fold_lead));
    memset(ac->fold_lead1, 0, sizeof(ac->fold_lead1));

    for (r = 0; r < ART_AHO_NFOLD; r++) {
        fr = &art_aho_fold_ranges[r];

        for (cp = fr->first; cp <= fr->last; cp += fr->stride) {
            f = (unsigned long) ((long) cp + fr->delta);
            n = art_aho_encode(cp, enc);
            fn = art_aho_encode(f, fenc);

            for (k = 0; !all && k < n && ac->cls[enc[k]] == 0; k++) {
                /* void */
            }

            if (k == n) {
                for (k = 0; k < fn && ac->cls[fenc[k]] == 0; k++) {
                    /* void */
                }

                if (k == fn) {
                    continue;
                }
            }

            k = (size_t) (enc[0] & 0x3f) << 6 | (enc[1] & 0x3f);
            ac->fold_lead[k >> 3] |= (unsigned char) (1 << (k & 7));
            ac->fold_lead1[enc[0]] = 1;
        }
    }

    ac->nlead = 0;

    for (k = 0xc0; k < 256 && ac->nlead < 3; k++) {
        if (ac->fold_lead1[k]) {
            if (ac->nlead < 2) {
                ac->lead[ac->nlead] = (unsigned char) k;
            }

            ac->nlead++;
        }
    }
}


/*
 * Whether a match may start at an ASCII byte at i, where a word may: its
 * first two bytes must start a pattern, and if it starts with four word
 * bytes, so must they (a shorter pattern would end inside a word).
 */
static inline int
art_aho_may_start(const art_aho_t *ac, const unsigned char *t, size_t i,
    size_t n)
{
    unsigned  k;

    if (i + 1 == n) {
        return !ac->skip[t[i]];
    }

    k = ((unsigned) t[i] << 8) | t[i + 1];
    if (!(ac->pair[k >> 3] & (1 << (k & 7)))) {
        return 0;
    }

    if (i + 4 > n || t[i + 1] >= 0x80 || t[i + 2] >= 0x80
        || t[i + 3] >= 0x80
        || art_aho_ascii_kind[t[i]] != ART_AHO_WORD
        || art_aho_ascii_kind[t[i + 1]] != ART_AHO_WORD
        || art_aho_ascii_kind[t[i + 2]] != ART_AHO_WORD
        || art_aho_ascii_kind[t[i + 3]] != ART_AHO_WORD)
    {
        return 1;
    }

    k = art_aho_quad_hash(t + i);

    return (ac->quad[k >> 3] & (1 << (k & 7))) != 0;
}


/* ASCII case does not count: the same for patterns and text */
static unsigned
art_aho_quad_hash(const unsigned char *p)
{
    uint32_t  x;

    x = ((uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16)
         | ((uint32_t) p[3] << 24)) | 0x20202020u;

    return (x * 2654435761u) >> 16;
}


static uint32_t
art_aho_sym_cls(const art_aho_t *ac, uint16_t sym)
{
    return sym == ART_AHO_BOUNDARY ? ac->boundary_cls : ac->cls[sym];
}


/* ART_AHO_OUT if the state of that ordinal reports matches */
static uint32_t
art_aho_reports(const uint32_t *out, const uint32_t *dict, uint32_t ordinal)
{
    return out[ordinal] != ART_AHO_NONE || dict[ordinal] != ART_AHO_NONE
           ? ART_AHO_OUT : 0;
}


/*
 * Whether a match may have a character of kind outside right next to its
 * own character of kind inside (before its first or after its last): not
 * a word character, unless one of them is standalone, a word by itself.
 */
static int
art_aho_boundary(int outside, int inside)
{
    return outside != ART_AHO_WORD || inside == ART_AHO_STANDALONE;
}


/* the length and kind of the character at p; an invalid byte is one */
static size_t
art_aho_char(const unsigned char *p, size_t n, int *kind)
{
    size_t         len;
    unsigned long  cp;

    if (p[0] < 0x80) {
        *kind = art_aho_ascii_kind[p[0]];
        return 1;
    }

    len = art_aho_utf8_decode(p, n, &cp);
    if (len == 0) {
        *kind = ART_AHO_NONWORD;
        return 1;
    }

    *kind = art_aho_char_kind(cp);

    return len;
}


static size_t
art_aho_encode(unsigned long cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char) cp;
        return 1;
    }

    if (cp < 0x800) {
        out[0] = (unsigned char) (0xc0 | (cp >> 6));
        out[1] = (unsigned char) (0x80 | (cp & 0x3f));
        return 2;
    }

    if (cp < 0x10000) {
        out[0] = (unsigned char) (0xe0 | (cp >> 12));
        out[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
        out[2] = (unsigned char) (0x80 | (cp & 0x3f));
        return 3;
    }

    out[0] = (unsigned char) (0xf0 | (cp >> 18));
    out[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3f));
    out[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
    out[3] = (unsigned char) (0x80 | (cp & 0x3f));
    return 4;
}


/*
 * Where the first character is that folds to something else and may
 * change what the scan finds (see art_aho_fold_leads()), or n: the
 * others are left as they are, which spares most texts a copy.  Only a
 * lead byte (0xc0 or more) can start such a character: the few that can
 * are looked for with memchr(), or else the text is read eight bytes at
 * a time for all, and ASCII and continuation bytes are passed over.
 */
static size_t
art_aho_fold_start(const art_aho_t *ac, const unsigned char *p, size_t n)
{
    size_t                i;
#if ART_AHO_CTZ
    size_t                j;
    uint64_t              w, lead;
#endif
    size_t                k, end;
    const unsigned char  *q;

    if (ac->nlead == 0) {
        return n;
    }

    if (ac->nlead <= 2 && n >= ART_AHO_MEMCHR_MIN) {
        /*
         * No more than two lead bytes (with ASCII patterns, those of
         * U+017F and U+212A, which fold to s and k, if the patterns hold
         * them): memchr() finds them, passing over the lead bytes of the
         * other characters, which the word reads below stop at.
         */
        end = n;

        for (k = 0; k < ac->nlead; k++) {
            for (i = 0; i < end; i++) {
                q = memchr(p + i, ac->lead[k], end - i);
                if (q == NULL) {
                    break;
                }

                i = (size_t) (q - p);

                if (art_aho_folds(ac, p, n, i)) {
                    end = i;
                    break;
                }
            }
        }

        return end;
    }

#if ART_AHO_CTZ

    if (n >= 8) {
        for (i = 0; i + 8 <= n; i += 8) {
            memcpy(&w, p + i, 8);
            lead = w & (w << 1) & 0x8080808080808080ULL;

            if (lead != 0) {
                j = art_aho_fold_lead(ac, p, n, i, lead);
                if (j != n) {
                    return j;
                }
            }
        }

        if (i == n) {
            return n;
        }

        /* the last eight bytes, less the ones already read */
        memcpy(&w, p + n - 8, 8);
        lead = w & (w << 1) & 0x8080808080808080ULL;
        lead &= ~0ULL << 8 * (i - (n - 8));

        return art_aho_fold_lead(ac, p, n, n - 8, lead);
    }
#endif

    for (i = 0; i < n; i++) {
        if (ac->fold_lead1[p[i]] && art_aho_folds(ac, p, n, i)) {
            return i;
        }
    }

    return n;
}


#if ART_AHO_CTZ

/* the first of the lead bytes of a word read at base that starts one */
static inline size_t
art_aho_fold_lead(const art_aho_t *ac, const unsigned char *p, size_t n,
    size_t base, uint64_t lead)
{
    size_t  j;

    while (lead != 0) {
        /* the first byte in memory is the lowest */
        j = base + (size_t) __builtin_ctzll(lead) / 8;

        if (ac->fold_lead1[p[j]] && art_aho_folds(ac, p, n, j)) {
            return j;
        }

        lead &= lead - 1;
    }

    return n;
}

#endif


/* whether the character at i (p[i] >= 0xc0) folds and may count */
static int
art_aho_folds(const art_aho_t *ac, const unsigned char *p, size_t n,
    size_t i)
{
    size_t         k;
    unsigned long  cp;

    if (i + 1 == n) {
        return 0;
    }

    k = (size_t) (p[i] & 0x3f) << 6 | (p[i + 1] & 0x3f);
    if (!(ac->fold_lead[k >> 3] & (1 << (k & 7)))) {
        return 0;
    }

    if ((p[i] == 0xc2 || p[i] == 0xc3) && (p[i + 1] & 0xc0) == 0x80) {
        /* U+0080..U+00FF, most of the non-ASCII of Latin scripts */
        cp = ((p[i] & 0x1fUL) << 6 | (p[i + 1] & 0x3f)) - 0x80;

        return (ac->latin1_folds[cp >> 6] >> (cp & 63)) & 1;
    }

    return art_aho_utf8_decode(p + i, n - i, &cp) != 0
           && art_aho_fold_cp(cp) != cp;
}


/*
 * Fold the text for a caseless scan.  ASCII is left as it is (the byte
 * classes fold it) and most text has no other change that counts (see
 * art_aho_fold_start()), so the text is copied only from its first such
 * change on, and the offset map is built only from the first change of
 * length on; until then offsets are the same.
 */
static int
art_aho_fold_text(const art_aho_t *ac, art_buf_t *scratch,
    const unsigned char *p, size_t n, const unsigned char **out,
    size_t *outlen, const uint32_t **mapp)
{
    size_t          i, j, k, o, len, flen, cap, moff;
    uint32_t       *map;
    unsigned long   cp, f;
    unsigned char  *q, enc[4];

    i = art_aho_fold_start(ac, p, n);

    if (i == n) {
        *out = p;
        *outlen = n;
        *mapp = NULL;
        return 0;
    }

    /* a character grows by half at most when folded */
    cap = n + n / 2 + 4;
    moff = (cap + 7) & ~(size_t) 7;

    scratch->len = 0;
    if (art_buf_reserve(scratch, cap) != 0) {
        return -1;
    }

    q = scratch->data;
    map = NULL;
    memcpy(q, p, i);
    o = i;

    while (i < n) {
        if (p[i] < 0x80) {
            if (map == NULL) {
                for (j = i + 1; j < n && p[j] < 0x80; j++) {
                    /* void */
                }

                memcpy(q + o, p + i, j - i);
                o += j - i;
                i = j;
                continue;
            }

            map[o] = (uint32_t) i;
            q[o++] = p[i++];
            continue;
        }

        len = art_aho_utf8_decode(p + i, n - i, &cp);

        if (len == 0) {
            if (map) {
                map[o] = (uint32_t) i;
            }
            q[o++] = p[i++];
            continue;
        }

        f = art_aho_fold_cp(cp);

        if (f == cp) {
            memcpy(q + o, p + i, len);
            flen = len;

        } else {
            flen = art_aho_encode(f, enc);

            if (flen != len && map == NULL) {
                /* the bytes folded so far move with the buffer */
                scratch->len = o;
                if (art_buf_reserve(scratch, moff + (cap + 1) * 4 - o)
                    != 0)
                {
                    return -1;
                }

                q = scratch->data;
                map = (uint32_t *) (void *) (q + moff);

                for (k = 0; k < o; k++) {
                    map[k] = (uint32_t) k;
                }
            }

            memcpy(q + o, enc, flen);
        }

        if (map) {
            for (k = 0; k < flen; k++) {
                map[o + k] = (uint32_t) i;
            }
        }

        o += flen;
        i += len;
    }

    if (map) {
        map[o] = (uint32_t) n;
    }

    *out = q;
    *outlen = o;
    *mapp = map;

    return 0;
}


/* one transition from s, without ART_AHO_OUT */
static inline uint32_t
art_aho_step(const art_aho_t *ac, uint32_t s, uint32_t c)
{
    uint32_t              ne, k;
    const uint32_t       *trans;
    const unsigned char  *cl;

    trans = ac->trans;

    for ( ;; ) {
        if (s < ac->dense_end) {
            return trans[s + c];
        }

        ne = trans[s + 1] & 0x1ff;
        cl = (const unsigned char *) (trans + s + 2);

        /* most deep states have one edge: the rest of one word */
        if (ne == 1) {
            if (cl[0] == c) {
                return trans[s + 3];
            }

            s = trans[s];
            continue;
        }

        for (k = 0; k < ne; k++) {
            if (cl[k] == c) {
                return trans[s + 2 + ((ne + 3) >> 2) + k];
            }
        }

        s = trans[s];
    }
}


static int
art_aho_run(const art_aho_t *ac, const unsigned char *t, size_t n,
    const uint32_t *map, art_aho_match_fn cb, void *ud)
{
    int       rc;
    size_t    i;
    uint32_t  s;
    unsigned  k;

    s = 0;

    for (i = 0; i < n; i++) {
        if (s == 0) {
            /* no match starts with the pair of bytes at i: move on */
            while (i + 1 < n) {
                k = ((unsigned) t[i] << 8) | t[i + 1];
                if (ac->pair[k >> 3] & (1 << (k & 7))) {
                    break;
                }
                i++;
            }

            if (i + 1 == n && ac->skip[t[i]]) {
                return 0;
            }
        }

        s = art_aho_step(ac, s & ~ART_AHO_OUT, ac->cls[t[i]]);

        if (s & ART_AHO_OUT) {
            rc = art_aho_report(ac, s & ~ART_AHO_OUT, i + 1, map, cb, ud);
            if (rc != 0) {
                return rc;
            }
        }
    }

    return 0;
}


/*
 * The same with window shifts: at the root, a window of wm bytes moves
 * on by the shift of its last two bytes until a pattern may start in it,
 * and the automaton reads on from the window's start.  No match starts
 * in what is skipped, so the matches and their order are the same.
 */
static int
art_aho_run_wm(const art_aho_t *ac, const unsigned char *t, size_t n,
    const uint32_t *map, art_aho_match_fn cb, void *ud)
{
    int                   rc;
    size_t                i, j, m, k, dense_end;
    uint16_t              pair;
    uint32_t              s, c;
    const uint32_t       *trans;
    const unsigned char  *cls, *shift;

    m = ac->wm;
    cls = ac->cls;
    shift = ac->shift;
    trans = ac->trans;
    dense_end = ac->dense_end;
    s = 0;
    i = 0;

    if (n < m) {
        return 0;
    }

    for ( ;; ) {
        /* at the root */
        if (i > n - m) {
            return 0;
        }

        /* j: the last two bytes of the window, while it fits */
        for (j = i + m - 2; ; j += k) {
            memcpy(&pair, t + j, 2);

            k = shift[pair];
            if (k == 0) {
                break;
            }

            if (j + k > n - 2) {
                return 0;
            }
        }

        /* on from the window's start, until back at the root */
        i = j + 2 - m;

        do {
            /* a dense state's row here, the rest in art_aho_step() */
            c = cls[t[i]];
            s = s < dense_end ? trans[s + c] : art_aho_step(ac, s, c);
            i++;

            /* one test for the root (0) and for a report (ART_AHO_OUT) */
            if (s - 1 >= ART_AHO_OUT - 1) {
                if (s == 0) {
                    break;
                }

                /* the root does not report: s stays off it */
                s &= ~ART_AHO_OUT;

                rc = art_aho_report(ac, s, i, map, cb, ud);
                if (rc != 0) {
                    return rc;
                }
            }

        } while (i < n);

        if (i == n) {
            return 0;
        }
    }
}


/*
 * Whole words: the boundary symbol goes in before each character where a
 * word may start; a match is reported when a word may end after it too.
 */
static int
art_aho_run_words(const art_aho_t *ac, const unsigned char *t, size_t n,
    const uint32_t *map, art_aho_match_fn cb, void *ud)
{
    int            rc, kind, prev, next;
    size_t         i, j, len;
    uint32_t       s;
    unsigned char  c;

    s = 0;
    prev = ART_AHO_NONWORD;
    i = 0;

    while (i < n) {
        if (s == 0) {
            /*
             * At the root, skip ASCII up to a place where a word may start
             * with a byte that some pattern starts with.
             */
            for ( ;; ) {
                c = t[i];

                if (c >= 0x80) {
                    break;
                }

                if (prev != ART_AHO_WORD && art_aho_may_start(ac, t, i, n)) {
                    break;
                }

                prev = art_aho_ascii_kind[c];

                if (++i == n) {
                    return 0;
                }
            }
        }

        c = t[i];

        if (c < 0x80 && prev == ART_AHO_WORD && s != 0
            && art_aho_ascii_kind[c] == ART_AHO_WORD)
        {
            /* the common case: on along a word */
            s = art_aho_step(ac, s & ~ART_AHO_OUT, ac->cls[c]);
            kind = ART_AHO_WORD;
            i++;

        } else {
            if (c < 0x80) {
                len = 1;
                kind = art_aho_ascii_kind[c];

            } else {
                len = art_aho_char(t + i, n - i, &kind);
            }

            if (art_aho_boundary(prev, kind)) {
                s = s == 0 ? ac->boundary_state
                           : art_aho_step(ac, s & ~ART_AHO_OUT,
                                          ac->boundary_cls);

            } else if (s == 0) {
                /* inside a word, the root stays where it is */
                prev = kind;
                i += len;
                continue;
            }

            for (j = i; j < i + len; j++) {
                s = art_aho_step(ac, s & ~ART_AHO_OUT, ac->cls[t[j]]);
            }

            prev = kind;
            i += len;
        }

        if (!(s & ART_AHO_OUT)) {
            continue;
        }

        /* a match ends here if a word may end here */
        next = ART_AHO_NONWORD;
        if (i < n) {
            art_aho_char(t + i, n - i, &next);
        }

        if (!art_aho_boundary(next, kind)) {
            continue;
        }

        rc = art_aho_report(ac, s & ~ART_AHO_OUT, i, map, cb, ud);
        if (rc != 0) {
            return rc;
        }
    }

    return 0;
}


static int
art_aho_report(const art_aho_t *ac, uint32_t s, size_t fend,
    const uint32_t *map, art_aho_match_fn cb, void *ud)
{
    int              rc;
    uint32_t         p, ne;
    const uint32_t  *e;

    while (s != ART_AHO_NONE) {
        if (s < ac->dense_end) {
            p = ac->out[s / ac->ncls];
            s = ac->dict[s / ac->ncls];

        } else {
            /* a sparse state keeps its first pattern with it */
            ne = ac->trans[s + 1] & 0x1ff;
            e = ac->trans + s + 2 + ((ne + 3) >> 2) + ne;
            s = e[3];
            p = e[2];

            if (e[0] != 0) {
                rc = art_aho_emit(e[0], e[1], fend, map, cb, ud);
                if (rc != 0) {
                    return rc;
                }
            }
        }

        for ( /* void */ ; p != ART_AHO_NONE; p = ac->pats[p].next) {
            rc = art_aho_emit(ac->pats[p].len, ac->pats[p].id, fend, map,
                              cb, ud);
            if (rc != 0) {
                return rc;
            }
        }
    }

    return 0;
}


static int
art_aho_emit(uint32_t len, uint32_t id, size_t fend, const uint32_t *map,
    art_aho_match_fn cb, void *ud)
{
    size_t  start, end;

    start = fend - len;
    end = fend;

    if (map) {
        start = map[start];
        end = map[end];
    }

    return cb(ud, id, start, end);
}

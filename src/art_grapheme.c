/*
 * Extended grapheme clusters.  The property table below is derived from
 * the Unicode Character Database 15.0 (auxiliary/GraphemeBreakProperty.txt
 * and emoji/emoji-data.txt): adjacent code points with the same value are
 * merged into one range, code points not listed are Other, and the 11,172
 * precomposed Hangul syllables (LV or LVT) are computed instead of listed.
 */

#include "art_grapheme.h"


typedef struct {
    uint32_t       lo;
    uint32_t       hi;
    unsigned char  prop;
} art_gcb_range_t;


static const art_gcb_range_t  art_gcb_ranges[] = {
    { 0x0000, 0x0009, ART_GCB_CONTROL },
    { 0x000a, 0x000a, ART_GCB_LF },
    { 0x000b, 0x000c, ART_GCB_CONTROL },
    { 0x000d, 0x000d, ART_GCB_CR },
    { 0x000e, 0x001f, ART_GCB_CONTROL },
    { 0x007f, 0x009f, ART_GCB_CONTROL },
    { 0x00a9, 0x00a9, ART_GCB_PICT },
    { 0x00ad, 0x00ad, ART_GCB_CONTROL },
    { 0x00ae, 0x00ae, ART_GCB_PICT },
    { 0x0300, 0x036f, ART_GCB_EXTEND },
    { 0x0483, 0x0489, ART_GCB_EXTEND },
    { 0x0591, 0x05bd, ART_GCB_EXTEND },
    { 0x05bf, 0x05bf, ART_GCB_EXTEND },
    { 0x05c1, 0x05c2, ART_GCB_EXTEND },
    { 0x05c4, 0x05c5, ART_GCB_EXTEND },
    { 0x05c7, 0x05c7, ART_GCB_EXTEND },
    { 0x0600, 0x0605, ART_GCB_PREPEND },
    { 0x0610, 0x061a, ART_GCB_EXTEND },
    { 0x061c, 0x061c, ART_GCB_CONTROL },
    { 0x064b, 0x065f, ART_GCB_EXTEND },
    { 0x0670, 0x0670, ART_GCB_EXTEND },
    { 0x06d6, 0x06dc, ART_GCB_EXTEND },
    { 0x06dd, 0x06dd, ART_GCB_PREPEND },
    { 0x06df, 0x06e4, ART_GCB_EXTEND },
    { 0x06e7, 0x06e8, ART_GCB_EXTEND },
    { 0x06ea, 0x06ed, ART_GCB_EXTEND },
    { 0x070f, 0x070f, ART_GCB_PREPEND },
    { 0x0711, 0x0711, ART_GCB_EXTEND },
    { 0x0730, 0x074a, ART_GCB_EXTEND },
    { 0x07a6, 0x07b0, ART_GCB_EXTEND },
    { 0x07eb, 0x07f3, ART_GCB_EXTEND },
    { 0x07fd, 0x07fd, ART_GCB_EXTEND },
    { 0x0816, 0x0819, ART_GCB_EXTEND },
    { 0x081b, 0x0823, ART_GCB_EXTEND },
    { 0x0825, 0x0827, ART_GCB_EXTEND },
    { 0x0829, 0x082d, ART_GCB_EXTEND },
    { 0x0859, 0x085b, ART_GCB_EXTEND },
    { 0x0890, 0x0891, ART_GCB_PREPEND },
    { 0x0898, 0x089f, ART_GCB_EXTEND },
    { 0x08ca, 0x08e1, ART_GCB_EXTEND },
    { 0x08e2, 0x08e2, ART_GCB_PREPEND },
    { 0x08e3, 0x0902, ART_GCB_EXTEND },
    { 0x0903, 0x0903, ART_GCB_SPACINGMARK },
    { 0x093a, 0x093a, ART_GCB_EXTEND },
    { 0x093b, 0x093b, ART_GCB_SPACINGMARK },
    { 0x093c, 0x093c, ART_GCB_EXTEND },
    { 0x093e, 0x0940, ART_GCB_SPACINGMARK },
    { 0x0941, 0x0948, ART_GCB_EXTEND },
    { 0x0949, 0x094c, ART_GCB_SPACINGMARK },
    { 0x094d, 0x094d, ART_GCB_EXTEND },
    { 0x094e, 0x094f, ART_GCB_SPACINGMARK },
    { 0x0951, 0x0957, ART_GCB_EXTEND },
    { 0x0962, 0x0963, ART_GCB_EXTEND },
    { 0x0981, 0x0981, ART_GCB_EXTEND },
    { 0x0982, 0x0983, ART_GCB_SPACINGMARK },
    { 0x09bc, 0x09bc, ART_GCB_EXTEND },
    { 0x09be, 0x09be, ART_GCB_EXTEND },
    { 0x09bf, 0x09c0, ART_GCB_SPACINGMARK },
    { 0x09c1, 0x09c4, ART_GCB_EXTEND },
    { 0x09c7, 0x09c8, ART_GCB_SPACINGMARK },
    { 0x09cb, 0x09cc, ART_GCB_SPACINGMARK },
    { 0x09cd, 0x09cd, ART_GCB_EXTEND },
    { 0x09d7, 0x09d7, ART_GCB_EXTEND },
    { 0x09e2, 0x09e3, ART_GCB_EXTEND },
    { 0x09fe, 0x09fe, ART_GCB_EXTEND },
    { 0x0a01, 0x0a02, ART_GCB_EXTEND },
    { 0x0a03, 0x0a03, ART_GCB_SPACINGMARK },
    { 0x0a3c, 0x0a3c, ART_GCB_EXTEND },
    { 0x0a3e, 0x0a40, ART_GCB_SPACINGMARK },
    { 0x0a41, 0x0a42, ART_GCB_EXTEND },
    { 0x0a47, 0x0a48, ART_GCB_EXTEND },
    { 0x0a4b, 0x0a4d, ART_GCB_EXTEND },
    { 0x0a51, 0x0a51, ART_GCB_EXTEND },
    { 0x0a70, 0x0a71, ART_GCB_EXTEND },
    { 0x0a75, 0x0a75, ART_GCB_EXTEND },
    { 0x0a81, 0x0a82, ART_GCB_EXTEND },
    { 0x0a83, 0x0a83, ART_GCB_SPACINGMARK },
    { 0x0abc, 0x0abc, ART_GCB_EXTEND },
    { 0x0abe, 0x0ac0, ART_GCB_SPACINGMARK },
    { 0x0ac1, 0x0ac5, ART_GCB_EXTEND },
    { 0x0ac7, 0x0ac8, ART_GCB_EXTEND },
    { 0x0ac9, 0x0ac9, ART_GCB_SPACINGMARK },
    { 0x0acb, 0x0acc, ART_GCB_SPACINGMARK },
    { 0x0acd, 0x0acd, ART_GCB_EXTEND },
    { 0x0ae2, 0x0ae3, ART_GCB_EXTEND },
    { 0x0afa, 0x0aff, ART_GCB_EXTEND },
    { 0x0b01, 0x0b01, ART_GCB_EXTEND },
    { 0x0b02, 0x0b03, ART_GCB_SPACINGMARK },
    { 0x0b3c, 0x0b3c, ART_GCB_EXTEND },
    { 0x0b3e, 0x0b3f, ART_GCB_EXTEND },
    { 0x0b40, 0x0b40, ART_GCB_SPACINGMARK },
    { 0x0b41, 0x0b44, ART_GCB_EXTEND },
    { 0x0b47, 0x0b48, ART_GCB_SPACINGMARK },
    { 0x0b4b, 0x0b4c, ART_GCB_SPACINGMARK },
    { 0x0b4d, 0x0b4d, ART_GCB_EXTEND },
    { 0x0b55, 0x0b57, ART_GCB_EXTEND },
    { 0x0b62, 0x0b63, ART_GCB_EXTEND },
    { 0x0b82, 0x0b82, ART_GCB_EXTEND },
    { 0x0bbe, 0x0bbe, ART_GCB_EXTEND },
    { 0x0bbf, 0x0bbf, ART_GCB_SPACINGMARK },
    { 0x0bc0, 0x0bc0, ART_GCB_EXTEND },
    { 0x0bc1, 0x0bc2, ART_GCB_SPACINGMARK },
    { 0x0bc6, 0x0bc8, ART_GCB_SPACINGMARK },
    { 0x0bca, 0x0bcc, ART_GCB_SPACINGMARK },
    { 0x0bcd, 0x0bcd, ART_GCB_EXTEND },
    { 0x0bd7, 0x0bd7, ART_GCB_EXTEND },
    { 0x0c00, 0x0c00, ART_GCB_EXTEND },
    { 0x0c01, 0x0c03, ART_GCB_SPACINGMARK },
    { 0x0c04, 0x0c04, ART_GCB_EXTEND },
    { 0x0c3c, 0x0c3c, ART_GCB_EXTEND },
    { 0x0c3e, 0x0c40, ART_GCB_EXTEND },
    { 0x0c41, 0x0c44, ART_GCB_SPACINGMARK },
    { 0x0c46, 0x0c48, ART_GCB_EXTEND },
    { 0x0c4a, 0x0c4d, ART_GCB_EXTEND },
    { 0x0c55, 0x0c56, ART_GCB_EXTEND },
    { 0x0c62, 0x0c63, ART_GCB_EXTEND },
    { 0x0c81, 0x0c81, ART_GCB_EXTEND },
    { 0x0c82, 0x0c83, ART_GCB_SPACINGMARK },
    { 0x0cbc, 0x0cbc, ART_GCB_EXTEND },
    { 0x0cbe, 0x0cbe, ART_GCB_SPACINGMARK },
    { 0x0cbf, 0x0cbf, ART_GCB_EXTEND },
    { 0x0cc0, 0x0cc1, ART_GCB_SPACINGMARK },
    { 0x0cc2, 0x0cc2, ART_GCB_EXTEND },
    { 0x0cc3, 0x0cc4, ART_GCB_SPACINGMARK },
    { 0x0cc6, 0x0cc6, ART_GCB_EXTEND },
    { 0x0cc7, 0x0cc8, ART_GCB_SPACINGMARK },
    { 0x0cca, 0x0ccb, ART_GCB_SPACINGMARK },
    { 0x0ccc, 0x0ccd, ART_GCB_EXTEND },
    { 0x0cd5, 0x0cd6, ART_GCB_EXTEND },
    { 0x0ce2, 0x0ce3, ART_GCB_EXTEND },
    { 0x0cf3, 0x0cf3, ART_GCB_SPACINGMARK },
    { 0x0d00, 0x0d01, ART_GCB_EXTEND },
    { 0x0d02, 0x0d03, ART_GCB_SPACINGMARK },
    { 0x0d3b, 0x0d3c, ART_GCB_EXTEND },
    { 0x0d3e, 0x0d3e, ART_GCB_EXTEND },
    { 0x0d3f, 0x0d40, ART_GCB_SPACINGMARK },
    { 0x0d41, 0x0d44, ART_GCB_EXTEND },
    { 0x0d46, 0x0d48, ART_GCB_SPACINGMARK },
    { 0x0d4a, 0x0d4c, ART_GCB_SPACINGMARK },
    { 0x0d4d, 0x0d4d, ART_GCB_EXTEND },
    { 0x0d4e, 0x0d4e, ART_GCB_PREPEND },
    { 0x0d57, 0x0d57, ART_GCB_EXTEND },
    { 0x0d62, 0x0d63, ART_GCB_EXTEND },
    { 0x0d81, 0x0d81, ART_GCB_EXTEND },
    { 0x0d82, 0x0d83, ART_GCB_SPACINGMARK },
    { 0x0dca, 0x0dca, ART_GCB_EXTEND },
    { 0x0dcf, 0x0dcf, ART_GCB_EXTEND },
    { 0x0dd0, 0x0dd1, ART_GCB_SPACINGMARK },
    { 0x0dd2, 0x0dd4, ART_GCB_EXTEND },
    { 0x0dd6, 0x0dd6, ART_GCB_EXTEND },
    { 0x0dd8, 0x0dde, ART_GCB_SPACINGMARK },
    { 0x0ddf, 0x0ddf, ART_GCB_EXTEND },
    { 0x0df2, 0x0df3, ART_GCB_SPACINGMARK },
    { 0x0e31, 0x0e31, ART_GCB_EXTEND },
    { 0x0e33, 0x0e33, ART_GCB_SPACINGMARK },
    { 0x0e34, 0x0e3a, ART_GCB_EXTEND },
    { 0x0e47, 0x0e4e, ART_GCB_EXTEND },
    { 0x0eb1, 0x0eb1, ART_GCB_EXTEND },
    { 0x0eb3, 0x0eb3, ART_GCB_SPACINGMARK },
    { 0x0eb4, 0x0ebc, ART_GCB_EXTEND },
    { 0x0ec8, 0x0ece, ART_GCB_EXTEND },
    { 0x0f18, 0x0f19, ART_GCB_EXTEND },
    { 0x0f35, 0x0f35, ART_GCB_EXTEND },
    { 0x0f37, 0x0f37, ART_GCB_EXTEND },
    { 0x0f39, 0x0f39, ART_GCB_EXTEND },
    { 0x0f3e, 0x0f3f, ART_GCB_SPACINGMARK },
    { 0x0f71, 0x0f7e, ART_GCB_EXTEND },
    { 0x0f7f, 0x0f7f, ART_GCB_SPACINGMARK },
    { 0x0f80, 0x0f84, ART_GCB_EXTEND },
    { 0x0f86, 0x0f87, ART_GCB_EXTEND },
    { 0x0f8d, 0x0f97, ART_GCB_EXTEND },
    { 0x0f99, 0x0fbc, ART_GCB_EXTEND },
    { 0x0fc6, 0x0fc6, ART_GCB_EXTEND },
    { 0x102d, 0x1030, ART_GCB_EXTEND },
    { 0x1031, 0x1031, ART_GCB_SPACINGMARK },
    { 0x1032, 0x1037, ART_GCB_EXTEND },
    { 0x1039, 0x103a, ART_GCB_EXTEND },
    { 0x103b, 0x103c, ART_GCB_SPACINGMARK },
    { 0x103d, 0x103e, ART_GCB_EXTEND },
    { 0x1056, 0x1057, ART_GCB_SPACINGMARK },
    { 0x1058, 0x1059, ART_GCB_EXTEND },
    { 0x105e, 0x1060, ART_GCB_EXTEND },
    { 0x1071, 0x1074, ART_GCB_EXTEND },
    { 0x1082, 0x1082, ART_GCB_EXTEND },
    { 0x1084, 0x1084, ART_GCB_SPACINGMARK },
    { 0x1085, 0x1086, ART_GCB_EXTEND },
    { 0x108d, 0x108d, ART_GCB_EXTEND },
    { 0x109d, 0x109d, ART_GCB_EXTEND },
    { 0x1100, 0x115f, ART_GCB_L },
    { 0x1160, 0x11a7, ART_GCB_V },
    { 0x11a8, 0x11ff, ART_GCB_T },
    { 0x135d, 0x135f, ART_GCB_EXTEND },
    { 0x1712, 0x1714, ART_GCB_EXTEND },
    { 0x1715, 0x1715, ART_GCB_SPACINGMARK },
    { 0x1732, 0x1733, ART_GCB_EXTEND },
    { 0x1734, 0x1734, ART_GCB_SPACINGMARK },
    { 0x1752, 0x1753, ART_GCB_EXTEND },
    { 0x1772, 0x1773, ART_GCB_EXTEND },
    { 0x17b4, 0x17b5, ART_GCB_EXTEND },
    { 0x17b6, 0x17b6, ART_GCB_SPACINGMARK },
    { 0x17b7, 0x17bd, ART_GCB_EXTEND },
    { 0x17be, 0x17c5, ART_GCB_SPACINGMARK },
    { 0x17c6, 0x17c6, ART_GCB_EXTEND },
    { 0x17c7, 0x17c8, ART_GCB_SPACINGMARK },
    { 0x17c9, 0x17d3, ART_GCB_EXTEND },
    { 0x17dd, 0x17dd, ART_GCB_EXTEND },
    { 0x180b, 0x180d, ART_GCB_EXTEND },
    { 0x180e, 0x180e, ART_GCB_CONTROL },
    { 0x180f, 0x180f, ART_GCB_EXTEND },
    { 0x1885, 0x1886, ART_GCB_EXTEND },
    { 0x18a9, 0x18a9, ART_GCB_EXTEND },
    { 0x1920, 0x1922, ART_GCB_EXTEND },
    { 0x1923, 0x1926, ART_GCB_SPACINGMARK },
    { 0x1927, 0x1928, ART_GCB_EXTEND },
    { 0x1929, 0x192b, ART_GCB_SPACINGMARK },
    { 0x1930, 0x1931, ART_GCB_SPACINGMARK },
    { 0x1932, 0x1932, ART_GCB_EXTEND },
    { 0x1933, 0x1938, ART_GCB_SPACINGMARK },
    { 0x1939, 0x193b, ART_GCB_EXTEND },
    { 0x1a17, 0x1a18, ART_GCB_EXTEND },
    { 0x1a19, 0x1a1a, ART_GCB_SPACINGMARK },
    { 0x1a1b, 0x1a1b, ART_GCB_EXTEND },
    { 0x1a55, 0x1a55, ART_GCB_SPACINGMARK },
    { 0x1a56, 0x1a56, ART_GCB_EXTEND },
    { 0x1a57, 0x1a57, ART_GCB_SPACINGMARK },
    { 0x1a58, 0x1a5e, ART_GCB_EXTEND },
    { 0x1a60, 0x1a60, ART_GCB_EXTEND },
    { 0x1a62, 0x1a62, ART_GCB_EXTEND },
    { 0x1a65, 0x1a6c, ART_GCB_EXTEND },
    { 0x1a6d, 0x1a72, ART_GCB_SPACINGMARK },
    { 0x1a73, 0x1a7c, ART_GCB_EXTEND },
    { 0x1a7f, 0x1a7f, ART_GCB_EXTEND },
    { 0x1ab0, 0x1ace, ART_GCB_EXTEND },
    { 0x1b00, 0x1b03, ART_GCB_EXTEND },
    { 0x1b04, 0x1b04, ART_GCB_SPACINGMARK },
    { 0x1b34, 0x1b3a, ART_GCB_EXTEND },
    { 0x1b3b, 0x1b3b, ART_GCB_SPACINGMARK },
    { 0x1b3c, 0x1b3c, ART_GCB_EXTEND },
    { 0x1b3d, 0x1b41, ART_GCB_SPACINGMARK },
    { 0x1b42, 0x1b42, ART_GCB_EXTEND },
    { 0x1b43, 0x1b44, ART_GCB_SPACINGMARK },
    { 0x1b6b, 0x1b73, ART_GCB_EXTEND },
    { 0x1b80, 0x1b81, ART_GCB_EXTEND },
    { 0x1b82, 0x1b82, ART_GCB_SPACINGMARK },
    { 0x1ba1, 0x1ba1, ART_GCB_SPACINGMARK },
    { 0x1ba2, 0x1ba5, ART_GCB_EXTEND },
    { 0x1ba6, 0x1ba7, ART_GCB_SPACINGMARK },
    { 0x1ba8, 0x1ba9, ART_GCB_EXTEND },
    { 0x1baa, 0x1baa, ART_GCB_SPACINGMARK },
    { 0x1bab, 0x1bad, ART_GCB_EXTEND },
    { 0x1be6, 0x1be6, ART_GCB_EXTEND },
    { 0x1be7, 0x1be7, ART_GCB_SPACINGMARK },
    { 0x1be8, 0x1be9, ART_GCB_EXTEND },
    { 0x1bea, 0x1bec, ART_GCB_SPACINGMARK },
    { 0x1bed, 0x1bed, ART_GCB_EXTEND },
    { 0x1bee, 0x1bee, ART_GCB_SPACINGMARK },
    { 0x1bef, 0x1bf1, ART_GCB_EXTEND },
    { 0x1bf2, 0x1bf3, ART_GCB_SPACINGMARK },
    { 0x1c24, 0x1c2b, ART_GCB_SPACINGMARK },
    { 0x1c2c, 0x1c33, ART_GCB_EXTEND },
    { 0x1c34, 0x1c35, ART_GCB_SPACINGMARK },
    { 0x1c36, 0x1c37, ART_GCB_EXTEND },
    { 0x1cd0, 0x1cd2, ART_GCB_EXTEND },
    { 0x1cd4, 0x1ce0, ART_GCB_EXTEND },
    { 0x1ce1, 0x1ce1, ART_GCB_SPACINGMARK },
    { 0x1ce2, 0x1ce8, ART_GCB_EXTEND },
    { 0x1ced, 0x1ced, ART_GCB_EXTEND },
    { 0x1cf4, 0x1cf4, ART_GCB_EXTEND },
    { 0x1cf7, 0x1cf7, ART_GCB_SPACINGMARK },
    { 0x1cf8, 0x1cf9, ART_GCB_EXTEND },
    { 0x1dc0, 0x1dff, ART_GCB_EXTEND },
    { 0x200b, 0x200b, ART_GCB_CONTROL },
    { 0x200c, 0x200c, ART_GCB_EXTEND },
    { 0x200d, 0x200d, ART_GCB_ZWJ },
    { 0x200e, 0x200f, ART_GCB_CONTROL },
    { 0x2028, 0x202e, ART_GCB_CONTROL },
    { 0x203c, 0x203c, ART_GCB_PICT },
    { 0x2049, 0x2049, ART_GCB_PICT },
    { 0x2060, 0x206f, ART_GCB_CONTROL },
    { 0x20d0, 0x20f0, ART_GCB_EXTEND },
    { 0x2122, 0x2122, ART_GCB_PICT },
    { 0x2139, 0x2139, ART_GCB_PICT },
    { 0x2194, 0x2199, ART_GCB_PICT },
    { 0x21a9, 0x21aa, ART_GCB_PICT },
    { 0x231a, 0x231b, ART_GCB_PICT },
    { 0x2328, 0x2328, ART_GCB_PICT },
    { 0x2388, 0x2388, ART_GCB_PICT },
    { 0x23cf, 0x23cf, ART_GCB_PICT },
    { 0x23e9, 0x23f3, ART_GCB_PICT },
    { 0x23f8, 0x23fa, ART_GCB_PICT },
    { 0x24c2, 0x24c2, ART_GCB_PICT },
    { 0x25aa, 0x25ab, ART_GCB_PICT },
    { 0x25b6, 0x25b6, ART_GCB_PICT },
    { 0x25c0, 0x25c0, ART_GCB_PICT },
    { 0x25fb, 0x25fe, ART_GCB_PICT },
    { 0x2600, 0x2605, ART_GCB_PICT },
    { 0x2607, 0x2612, ART_GCB_PICT },
    { 0x2614, 0x2685, ART_GCB_PICT },
    { 0x2690, 0x2705, ART_GCB_PICT },
    { 0x2708, 0x2712, ART_GCB_PICT },
    { 0x2714, 0x2714, ART_GCB_PICT },
    { 0x2716, 0x2716, ART_GCB_PICT },
    { 0x271d, 0x271d, ART_GCB_PICT },
    { 0x2721, 0x2721, ART_GCB_PICT },
    { 0x2728, 0x2728, ART_GCB_PICT },
    { 0x2733, 0x2734, ART_GCB_PICT },
    { 0x2744, 0x2744, ART_GCB_PICT },
    { 0x2747, 0x2747, ART_GCB_PICT },
    { 0x274c, 0x274c, ART_GCB_PICT },
    { 0x274e, 0x274e, ART_GCB_PICT },
    { 0x2753, 0x2755, ART_GCB_PICT },
    { 0x2757, 0x2757, ART_GCB_PICT },
    { 0x2763, 0x2767, ART_GCB_PICT },
    { 0x2795, 0x2797, ART_GCB_PICT },
    { 0x27a1, 0x27a1, ART_GCB_PICT },
    { 0x27b0, 0x27b0, ART_GCB_PICT },
    { 0x27bf, 0x27bf, ART_GCB_PICT },
    { 0x2934, 0x2935, ART_GCB_PICT },
    { 0x2b05, 0x2b07, ART_GCB_PICT },
    { 0x2b1b, 0x2b1c, ART_GCB_PICT },
    { 0x2b50, 0x2b50, ART_GCB_PICT },
    { 0x2b55, 0x2b55, ART_GCB_PICT },
    { 0x2cef, 0x2cf1, ART_GCB_EXTEND },
    { 0x2d7f, 0x2d7f, ART_GCB_EXTEND },
    { 0x2de0, 0x2dff, ART_GCB_EXTEND },
    { 0x302a, 0x302f, ART_GCB_EXTEND },
    { 0x3030, 0x3030, ART_GCB_PICT },
    { 0x303d, 0x303d, ART_GCB_PICT },
    { 0x3099, 0x309a, ART_GCB_EXTEND },
    { 0x3297, 0x3297, ART_GCB_PICT },
    { 0x3299, 0x3299, ART_GCB_PICT },
    { 0xa66f, 0xa672, ART_GCB_EXTEND },
    { 0xa674, 0xa67d, ART_GCB_EXTEND },
    { 0xa69e, 0xa69f, ART_GCB_EXTEND },
    { 0xa6f0, 0xa6f1, ART_GCB_EXTEND },
    { 0xa802, 0xa802, ART_GCB_EXTEND },
    { 0xa806, 0xa806, ART_GCB_EXTEND },
    { 0xa80b, 0xa80b, ART_GCB_EXTEND },
    { 0xa823, 0xa824, ART_GCB_SPACINGMARK },
    { 0xa825, 0xa826, ART_GCB_EXTEND },
    { 0xa827, 0xa827, ART_GCB_SPACINGMARK },
    { 0xa82c, 0xa82c, ART_GCB_EXTEND },
    { 0xa880, 0xa881, ART_GCB_SPACINGMARK },
    { 0xa8b4, 0xa8c3, ART_GCB_SPACINGMARK },
    { 0xa8c4, 0xa8c5, ART_GCB_EXTEND },
    { 0xa8e0, 0xa8f1, ART_GCB_EXTEND },
    { 0xa8ff, 0xa8ff, ART_GCB_EXTEND },
    { 0xa926, 0xa92d, ART_GCB_EXTEND },
    { 0xa947, 0xa951, ART_GCB_EXTEND },
    { 0xa952, 0xa953, ART_GCB_SPACINGMARK },
    { 0xa960, 0xa97c, ART_GCB_L },
    { 0xa980, 0xa982, ART_GCB_EXTEND },
    { 0xa983, 0xa983, ART_GCB_SPACINGMARK },
    { 0xa9b3, 0xa9b3, ART_GCB_EXTEND },
    { 0xa9b4, 0xa9b5, ART_GCB_SPACINGMARK },
    { 0xa9b6, 0xa9b9, ART_GCB_EXTEND },
    { 0xa9ba, 0xa9bb, ART_GCB_SPACINGMARK },
    { 0xa9bc, 0xa9bd, ART_GCB_EXTEND },
    { 0xa9be, 0xa9c0, ART_GCB_SPACINGMARK },
    { 0xa9e5, 0xa9e5, ART_GCB_EXTEND },
    { 0xaa29, 0xaa2e, ART_GCB_EXTEND },
    { 0xaa2f, 0xaa30, ART_GCB_SPACINGMARK },
    { 0xaa31, 0xaa32, ART_GCB_EXTEND },
    { 0xaa33, 0xaa34, ART_GCB_SPACINGMARK },
    { 0xaa35, 0xaa36, ART_GCB_EXTEND },
    { 0xaa43, 0xaa43, ART_GCB_EXTEND },
    { 0xaa4c, 0xaa4c, ART_GCB_EXTEND },
    { 0xaa4d, 0xaa4d, ART_GCB_SPACINGMARK },
    { 0xaa7c, 0xaa7c, ART_GCB_EXTEND },
    { 0xaab0, 0xaab0, ART_GCB_EXTEND },
    { 0xaab2, 0xaab4, ART_GCB_EXTEND },
    { 0xaab7, 0xaab8, ART_GCB_EXTEND },
    { 0xaabe, 0xaabf, ART_GCB_EXTEND },
    { 0xaac1, 0xaac1, ART_GCB_EXTEND },
    { 0xaaeb, 0xaaeb, ART_GCB_SPACINGMARK },
    { 0xaaec, 0xaaed, ART_GCB_EXTEND },
    { 0xaaee, 0xaaef, ART_GCB_SPACINGMARK },
    { 0xaaf5, 0xaaf5, ART_GCB_SPACINGMARK },
    { 0xaaf6, 0xaaf6, ART_GCB_EXTEND },
    { 0xabe3, 0xabe4, ART_GCB_SPACINGMARK },
    { 0xabe5, 0xabe5, ART_GCB_EXTEND },
    { 0xabe6, 0xabe7, ART_GCB_SPACINGMARK },
    { 0xabe8, 0xabe8, ART_GCB_EXTEND },
    { 0xabe9, 0xabea, ART_GCB_SPACINGMARK },
    { 0xabec, 0xabec, ART_GCB_SPACINGMARK },
    { 0xabed, 0xabed, ART_GCB_EXTEND },
    { 0xd7b0, 0xd7c6, ART_GCB_V },
    { 0xd7cb, 0xd7fb, ART_GCB_T },
    { 0xfb1e, 0xfb1e, ART_GCB_EXTEND },
    { 0xfe00, 0xfe0f, ART_GCB_EXTEND },
    { 0xfe20, 0xfe2f, ART_GCB_EXTEND },
    { 0xfeff, 0xfeff, ART_GCB_CONTROL },
    { 0xff9e, 0xff9f, ART_GCB_EXTEND },
    { 0xfff0, 0xfffb, ART_GCB_CONTROL },
    { 0x101fd, 0x101fd, ART_GCB_EXTEND },
    { 0x102e0, 0x102e0, ART_GCB_EXTEND },
    { 0x10376, 0x1037a, ART_GCB_EXTEND },
    { 0x10a01, 0x10a03, ART_GCB_EXTEND },
    { 0x10a05, 0x10a06, ART_GCB_EXTEND },
    { 0x10a0c, 0x10a0f, ART_GCB_EXTEND },
    { 0x10a38, 0x10a3a, ART_GCB_EXTEND },
    { 0x10a3f, 0x10a3f, ART_GCB_EXTEND },
    { 0x10ae5, 0x10ae6, ART_GCB_EXTEND },
    { 0x10d24, 0x10d27, ART_GCB_EXTEND },
    { 0x10eab, 0x10eac, ART_GCB_EXTEND },
    { 0x10efd, 0x10eff, ART_GCB_EXTEND },
    { 0x10f46, 0x10f50, ART_GCB_EXTEND },
    { 0x10f82, 0x10f85, ART_GCB_EXTEND },
    { 0x11000, 0x11000, ART_GCB_SPACINGMARK },
    { 0x11001, 0x11001, ART_GCB_EXTEND },
    { 0x11002, 0x11002, ART_GCB_SPACINGMARK },
    { 0x11038, 0x11046, ART_GCB_EXTEND },
    { 0x11070, 0x11070, ART_GCB_EXTEND },
    { 0x11073, 0x11074, ART_GCB_EXTEND },
    { 0x1107f, 0x11081, ART_GCB_EXTEND },
    { 0x11082, 0x11082, ART_GCB_SPACINGMARK },
    { 0x110b0, 0x110b2, ART_GCB_SPACINGMARK },
    { 0x110b3, 0x110b6, ART_GCB_EXTEND },
    { 0x110b7, 0x110b8, ART_GCB_SPACINGMARK },
    { 0x110b9, 0x110ba, ART_GCB_EXTEND },
    { 0x110bd, 0x110bd, ART_GCB_PREPEND },
    { 0x110c2, 0x110c2, ART_GCB_EXTEND },
    { 0x110cd, 0x110cd, ART_GCB_PREPEND },
    { 0x11100, 0x11102, ART_GCB_EXTEND },
    { 0x11127, 0x1112b, ART_GCB_EXTEND },
    { 0x1112c, 0x1112c, ART_GCB_SPACINGMARK },
    { 0x1112d, 0x11134, ART_GCB_EXTEND },
    { 0x11145, 0x11146, ART_GCB_SPACINGMARK },
    { 0x11173, 0x11173, ART_GCB_EXTEND },
    { 0x11180, 0x11181, ART_GCB_EXTEND },
    { 0x11182, 0x11182, ART_GCB_SPACINGMARK },
    { 0x111b3, 0x111b5, ART_GCB_SPACINGMARK },
    { 0x111b6, 0x111be, ART_GCB_EXTEND },
    { 0x111bf, 0x111c0, ART_GCB_SPACINGMARK },
    { 0x111c2, 0x111c3, ART_GCB_PREPEND },
    { 0x111c9, 0x111cc, ART_GCB_EXTEND },
    { 0x111ce, 0x111ce, ART_GCB_SPACINGMARK },
    { 0x111cf, 0x111cf, ART_GCB_EXTEND },
    { 0x1122c, 0x1122e, ART_GCB_SPACINGMARK },
    { 0x1122f, 0x11231, ART_GCB_EXTEND },
    { 0x11232, 0x11233, ART_GCB_SPACINGMARK },
    { 0x11234, 0x11234, ART_GCB_EXTEND },
    { 0x11235, 0x11235, ART_GCB_SPACINGMARK },
    { 0x11236, 0x11237, ART_GCB_EXTEND },
    { 0x1123e, 0x1123e, ART_GCB_EXTEND },
    { 0x11241, 0x11241, ART_GCB_EXTEND },
    { 0x112df, 0x112df, ART_GCB_EXTEND },
    { 0x112e0, 0x112e2, ART_GCB_SPACINGMARK },
    { 0x112e3, 0x112ea, ART_GCB_EXTEND },
    { 0x11300, 0x11301, ART_GCB_EXTEND },
    { 0x11302, 0x11303, ART_GCB_SPACINGMARK },
    { 0x1133b, 0x1133c, ART_GCB_EXTEND },
    { 0x1133e, 0x1133e, ART_GCB_EXTEND },
    { 0x1133f, 0x1133f, ART_GCB_SPACINGMARK },
    { 0x11340, 0x11340, ART_GCB_EXTEND },
    { 0x11341, 0x11344, ART_GCB_SPACINGMARK },
    { 0x11347, 0x11348, ART_GCB_SPACINGMARK },
    { 0x1134b, 0x1134d, ART_GCB_SPACINGMARK },
    { 0x11357, 0x11357, ART_GCB_EXTEND },
    { 0x11362, 0x11363, ART_GCB_SPACINGMARK },
    { 0x11366, 0x1136c, ART_GCB_EXTEND },
    { 0x11370, 0x11374, ART_GCB_EXTEND },
    { 0x11435, 0x11437, ART_GCB_SPACINGMARK },
    { 0x11438, 0x1143f, ART_GCB_EXTEND },
    { 0x11440, 0x11441, ART_GCB_SPACINGMARK },
    { 0x11442, 0x11444, ART_GCB_EXTEND },
    { 0x11445, 0x11445, ART_GCB_SPACINGMARK },
    { 0x11446, 0x11446, ART_GCB_EXTEND },
    { 0x1145e, 0x1145e, ART_GCB_EXTEND },
    { 0x114b0, 0x114b0, ART_GCB_EXTEND },
    { 0x114b1, 0x114b2, ART_GCB_SPACINGMARK },
    { 0x114b3, 0x114b8, ART_GCB_EXTEND },
    { 0x114b9, 0x114b9, ART_GCB_SPACINGMARK },
    { 0x114ba, 0x114ba, ART_GCB_EXTEND },
    { 0x114bb, 0x114bc, ART_GCB_SPACINGMARK },
    { 0x114bd, 0x114bd, ART_GCB_EXTEND },
    { 0x114be, 0x114be, ART_GCB_SPACINGMARK },
    { 0x114bf, 0x114c0, ART_GCB_EXTEND },
    { 0x114c1, 0x114c1, ART_GCB_SPACINGMARK },
    { 0x114c2, 0x114c3, ART_GCB_EXTEND },
    { 0x115af, 0x115af, ART_GCB_EXTEND },
    { 0x115b0, 0x115b1, ART_GCB_SPACINGMARK },
    { 0x115b2, 0x115b5, ART_GCB_EXTEND },
    { 0x115b8, 0x115bb, ART_GCB_SPACINGMARK },
    { 0x115bc, 0x115bd, ART_GCB_EXTEND },
    { 0x115be, 0x115be, ART_GCB_SPACINGMARK },
    { 0x115bf, 0x115c0, ART_GCB_EXTEND },
    { 0x115dc, 0x115dd, ART_GCB_EXTEND },
    { 0x11630, 0x11632, ART_GCB_SPACINGMARK },
    { 0x11633, 0x1163a, ART_GCB_EXTEND },
    { 0x1163b, 0x1163c, ART_GCB_SPACINGMARK },
    { 0x1163d, 0x1163d, ART_GCB_EXTEND },
    { 0x1163e, 0x1163e, ART_GCB_SPACINGMARK },
    { 0x1163f, 0x11640, ART_GCB_EXTEND },
    { 0x116ab, 0x116ab, ART_GCB_EXTEND },
    { 0x116ac, 0x116ac, ART_GCB_SPACINGMARK },
    { 0x116ad, 0x116ad, ART_GCB_EXTEND },
    { 0x116ae, 0x116af, ART_GCB_SPACINGMARK },
    { 0x116b0, 0x116b5, ART_GCB_EXTEND },
    { 0x116b6, 0x116b6, ART_GCB_SPACINGMARK },
    { 0x116b7, 0x116b7, ART_GCB_EXTEND },
    { 0x1171d, 0x1171f, ART_GCB_EXTEND },
    { 0x11722, 0x11725, ART_GCB_EXTEND },
    { 0x11726, 0x11726, ART_GCB_SPACINGMARK },
    { 0x11727, 0x1172b, ART_GCB_EXTEND },
    { 0x1182c, 0x1182e, ART_GCB_SPACINGMARK },
    { 0x1182f, 0x11837, ART_GCB_EXTEND },
    { 0x11838, 0x11838, ART_GCB_SPACINGMARK },
    { 0x11839, 0x1183a, ART_GCB_EXTEND },
    { 0x11930, 0x11930, ART_GCB_EXTEND },
    { 0x11931, 0x11935, ART_GCB_SPACINGMARK },
    { 0x11937, 0x11938, ART_GCB_SPACINGMARK },
    { 0x1193b, 0x1193c, ART_GCB_EXTEND },
    { 0x1193d, 0x1193d, ART_GCB_SPACINGMARK },
    { 0x1193e, 0x1193e, ART_GCB_EXTEND },
    { 0x1193f, 0x1193f, ART_GCB_PREPEND },
    { 0x11940, 0x11940, ART_GCB_SPACINGMARK },
    { 0x11941, 0x11941, ART_GCB_PREPEND },
    { 0x11942, 0x11942, ART_GCB_SPACINGMARK },
    { 0x11943, 0x11943, ART_GCB_EXTEND },
    { 0x119d1, 0x119d3, ART_GCB_SPACINGMARK },
    { 0x119d4, 0x119d7, ART_GCB_EXTEND },
    { 0x119da, 0x119db, ART_GCB_EXTEND },
    { 0x119dc, 0x119df, ART_GCB_SPACINGMARK },
    { 0x119e0, 0x119e0, ART_GCB_EXTEND },
    { 0x119e4, 0x119e4, ART_GCB_SPACINGMARK },
    { 0x11a01, 0x11a0a, ART_GCB_EXTEND },
    { 0x11a33, 0x11a38, ART_GCB_EXTEND },
    { 0x11a39, 0x11a39, ART_GCB_SPACINGMARK },
    { 0x11a3a, 0x11a3a, ART_GCB_PREPEND },
    { 0x11a3b, 0x11a3e, ART_GCB_EXTEND },
    { 0x11a47, 0x11a47, ART_GCB_EXTEND },
    { 0x11a51, 0x11a56, ART_GCB_EXTEND },
    { 0x11a57, 0x11a58, ART_GCB_SPACINGMARK },
    { 0x11a59, 0x11a5b, ART_GCB_EXTEND },
    { 0x11a84, 0x11a89, ART_GCB_PREPEND },
    { 0x11a8a, 0x11a96, ART_GCB_EXTEND },
    { 0x11a97, 0x11a97, ART_GCB_SPACINGMARK },
    { 0x11a98, 0x11a99, ART_GCB_EXTEND },
    { 0x11c2f, 0x11c2f, ART_GCB_SPACINGMARK },
    { 0x11c30, 0x11c36, ART_GCB_EXTEND },
    { 0x11c38, 0x11c3d, ART_GCB_EXTEND },
    { 0x11c3e, 0x11c3e, ART_GCB_SPACINGMARK },
    { 0x11c3f, 0x11c3f, ART_GCB_EXTEND },
    { 0x11c92, 0x11ca7, ART_GCB_EXTEND },
    { 0x11ca9, 0x11ca9, ART_GCB_SPACINGMARK },
    { 0x11caa, 0x11cb0, ART_GCB_EXTEND },
    { 0x11cb1, 0x11cb1, ART_GCB_SPACINGMARK },
    { 0x11cb2, 0x11cb3, ART_GCB_EXTEND },
    { 0x11cb4, 0x11cb4, ART_GCB_SPACINGMARK },
    { 0x11cb5, 0x11cb6, ART_GCB_EXTEND },
    { 0x11d31, 0x11d36, ART_GCB_EXTEND },
    { 0x11d3a, 0x11d3a, ART_GCB_EXTEND },
    { 0x11d3c, 0x11d3d, ART_GCB_EXTEND },
    { 0x11d3f, 0x11d45, ART_GCB_EXTEND },
    { 0x11d46, 0x11d46, ART_GCB_PREPEND },
    { 0x11d47, 0x11d47, ART_GCB_EXTEND },
    { 0x11d8a, 0x11d8e, ART_GCB_SPACINGMARK },
    { 0x11d90, 0x11d91, ART_GCB_EXTEND },
    { 0x11d93, 0x11d94, ART_GCB_SPACINGMARK },
    { 0x11d95, 0x11d95, ART_GCB_EXTEND },
    { 0x11d96, 0x11d96, ART_GCB_SPACINGMARK },
    { 0x11d97, 0x11d97, ART_GCB_EXTEND },
    { 0x11ef3, 0x11ef4, ART_GCB_EXTEND },
    { 0x11ef5, 0x11ef6, ART_GCB_SPACINGMARK },
    { 0x11f00, 0x11f01, ART_GCB_EXTEND },
    { 0x11f02, 0x11f02, ART_GCB_PREPEND },
    { 0x11f03, 0x11f03, ART_GCB_SPACINGMARK },
    { 0x11f34, 0x11f35, ART_GCB_SPACINGMARK },
    { 0x11f36, 0x11f3a, ART_GCB_EXTEND },
    { 0x11f3e, 0x11f3f, ART_GCB_SPACINGMARK },
    { 0x11f40, 0x11f40, ART_GCB_EXTEND },
    { 0x11f41, 0x11f41, ART_GCB_SPACINGMARK },
    { 0x11f42, 0x11f42, ART_GCB_EXTEND },
    { 0x13430, 0x1343f, ART_GCB_CONTROL },
    { 0x13440, 0x13440, ART_GCB_EXTEND },
    { 0x13447, 0x13455, ART_GCB_EXTEND },
    { 0x16af0, 0x16af4, ART_GCB_EXTEND },
    { 0x16b30, 0x16b36, ART_GCB_EXTEND },
    { 0x16f4f, 0x16f4f, ART_GCB_EXTEND },
    { 0x16f51, 0x16f87, ART_GCB_SPACINGMARK },
    { 0x16f8f, 0x16f92, ART_GCB_EXTEND },
    { 0x16fe4, 0x16fe4, ART_GCB_EXTEND },
    { 0x16ff0, 0x16ff1, ART_GCB_SPACINGMARK },
    { 0x1bc9d, 0x1bc9e, ART_GCB_EXTEND },
    { 0x1bca0, 0x1bca3, ART_GCB_CONTROL },
    { 0x1cf00, 0x1cf2d, ART_GCB_EXTEND },
    { 0x1cf30, 0x1cf46, ART_GCB_EXTEND },
    { 0x1d165, 0x1d165, ART_GCB_EXTEND },
    { 0x1d166, 0x1d166, ART_GCB_SPACINGMARK },
    { 0x1d167, 0x1d169, ART_GCB_EXTEND },
    { 0x1d16d, 0x1d16d, ART_GCB_SPACINGMARK },
    { 0x1d16e, 0x1d172, ART_GCB_EXTEND },
    { 0x1d173, 0x1d17a, ART_GCB_CONTROL },
    { 0x1d17b, 0x1d182, ART_GCB_EXTEND },
    { 0x1d185, 0x1d18b, ART_GCB_EXTEND },
    { 0x1d1aa, 0x1d1ad, ART_GCB_EXTEND },
    { 0x1d242, 0x1d244, ART_GCB_EXTEND },
    { 0x1da00, 0x1da36, ART_GCB_EXTEND },
    { 0x1da3b, 0x1da6c, ART_GCB_EXTEND },
    { 0x1da75, 0x1da75, ART_GCB_EXTEND },
    { 0x1da84, 0x1da84, ART_GCB_EXTEND },
    { 0x1da9b, 0x1da9f, ART_GCB_EXTEND },
    { 0x1daa1, 0x1daaf, ART_GCB_EXTEND },
    { 0x1e000, 0x1e006, ART_GCB_EXTEND },
    { 0x1e008, 0x1e018, ART_GCB_EXTEND },
    { 0x1e01b, 0x1e021, ART_GCB_EXTEND },
    { 0x1e023, 0x1e024, ART_GCB_EXTEND },
    { 0x1e026, 0x1e02a, ART_GCB_EXTEND },
    { 0x1e08f, 0x1e08f, ART_GCB_EXTEND },
    { 0x1e130, 0x1e136, ART_GCB_EXTEND },
    { 0x1e2ae, 0x1e2ae, ART_GCB_EXTEND },
    { 0x1e2ec, 0x1e2ef, ART_GCB_EXTEND },
    { 0x1e4ec, 0x1e4ef, ART_GCB_EXTEND },
    { 0x1e8d0, 0x1e8d6, ART_GCB_EXTEND },
    { 0x1e944, 0x1e94a, ART_GCB_EXTEND },
    { 0x1f000, 0x1f0ff, ART_GCB_PICT },
    { 0x1f10d, 0x1f10f, ART_GCB_PICT },
    { 0x1f12f, 0x1f12f, ART_GCB_PICT },
    { 0x1f16c, 0x1f171, ART_GCB_PICT },
    { 0x1f17e, 0x1f17f, ART_GCB_PICT },
    { 0x1f18e, 0x1f18e, ART_GCB_PICT },
    { 0x1f191, 0x1f19a, ART_GCB_PICT },
    { 0x1f1ad, 0x1f1e5, ART_GCB_PICT },
    { 0x1f1e6, 0x1f1ff, ART_GCB_RI },
    { 0x1f201, 0x1f20f, ART_GCB_PICT },
    { 0x1f21a, 0x1f21a, ART_GCB_PICT },
    { 0x1f22f, 0x1f22f, ART_GCB_PICT },
    { 0x1f232, 0x1f23a, ART_GCB_PICT },
    { 0x1f23c, 0x1f23f, ART_GCB_PICT },
    { 0x1f249, 0x1f3fa, ART_GCB_PICT },
    { 0x1f3fb, 0x1f3ff, ART_GCB_EXTEND },
    { 0x1f400, 0x1f53d, ART_GCB_PICT },
    { 0x1f546, 0x1f64f, ART_GCB_PICT },
    { 0x1f680, 0x1f6ff, ART_GCB_PICT },
    { 0x1f774, 0x1f77f, ART_GCB_PICT },
    { 0x1f7d5, 0x1f7ff, ART_GCB_PICT },
    { 0x1f80c, 0x1f80f, ART_GCB_PICT },
    { 0x1f848, 0x1f84f, ART_GCB_PICT },
    { 0x1f85a, 0x1f85f, ART_GCB_PICT },
    { 0x1f888, 0x1f88f, ART_GCB_PICT },
    { 0x1f8ae, 0x1f8ff, ART_GCB_PICT },
    { 0x1f90c, 0x1f93a, ART_GCB_PICT },
    { 0x1f93c, 0x1f945, ART_GCB_PICT },
    { 0x1f947, 0x1faff, ART_GCB_PICT },
    { 0x1fc00, 0x1fffd, ART_GCB_PICT },
    { 0xe0000, 0xe001f, ART_GCB_CONTROL },
    { 0xe0020, 0xe007f, ART_GCB_EXTEND },
    { 0xe0080, 0xe00ff, ART_GCB_CONTROL },
    { 0xe0100, 0xe01ef, ART_GCB_EXTEND },
    { 0xe01f0, 0xe0fff, ART_GCB_CONTROL },
};


size_t
art_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t         i, need;
    uint32_t       v;
    unsigned char  c, lo, hi;

    c = p[0];

    if (c < 0x80) {
        *cp = c;
        return 1;
    }

    if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        v = c & 0x1f;

    } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        v = c & 0x0f;

    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        v = c & 0x07;

    } else {
        *cp = 0xfffd;
        return 1;
    }

    /* the second byte's range rules out overlongs, surrogates, > U+10FFFF */
    lo = 0x80;
    hi = 0xbf;

    switch (c) {
    case 0xe0: lo = 0xa0; break;
    case 0xed: hi = 0x9f; break;
    case 0xf0: lo = 0x90; break;
    case 0xf4: hi = 0x8f; break;
    default: break;
    }

    for (i = 1; i <= need; i++) {
        if (i >= n || p[i] < lo || p[i] > hi) {
            *cp = 0xfffd;
            return i;
        }

        v = (v << 6) | (p[i] & 0x3f);
        lo = 0x80;
        hi = 0xbf;
    }

    *cp = v;

    return need + 1;
}


art_gcb_e
art_grapheme_property(uint32_t cp)
{
    size_t  lo, hi, mid;

    /*
     * Below U+0300 the table lists only controls (CR and LF among them)
     * and two pictographs; everything else there is Other.  Most text
     * on the web is in that range, so it needs no search.
     */
    if (cp < 0x300) {
        if (cp < 0x20) {
            return cp == '\r' ? ART_GCB_CR
                   : cp == '\n' ? ART_GCB_LF : ART_GCB_CONTROL;
        }

        if (cp < 0x7f) {
            return ART_GCB_OTHER;
        }

        if (cp < 0xa0 || cp == 0xad) {
            return ART_GCB_CONTROL;
        }

        return (cp == 0xa9 || cp == 0xae) ? ART_GCB_PICT : ART_GCB_OTHER;
    }

    if (cp >= 0xac00 && cp <= 0xd7a3) {
        return (cp - 0xac00) % 28 == 0 ? ART_GCB_LV : ART_GCB_LVT;
    }

    lo = 0;
    hi = sizeof(art_gcb_ranges) / sizeof(art_gcb_ranges[0]);

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;

        if (cp < art_gcb_ranges[mid].lo) {
            hi = mid;

        } else if (cp > art_gcb_ranges[mid].hi) {
            lo = mid + 1;

        } else {
            return (art_gcb_e) art_gcb_ranges[mid].prop;
        }
    }

    return ART_GCB_OTHER;
}


/*
 * Whether there is a boundary between prev and cur.  ri counts the
 * regional indicators in a row ending with prev; pict is 1 after an
 * Extended_Pictographic and any Extend, 2 when a ZWJ follows that.
 */
static int
art_gcb_break(art_gcb_e prev, art_gcb_e cur, size_t ri, int pict)
{
    if (prev == ART_GCB_CR && cur == ART_GCB_LF) {
        return 0;                                           /* GB3 */
    }

    if (prev == ART_GCB_CR || prev == ART_GCB_LF || prev == ART_GCB_CONTROL
        || cur == ART_GCB_CR || cur == ART_GCB_LF || cur == ART_GCB_CONTROL)
    {
        return 1;                                           /* GB4, GB5 */
    }

    switch (prev) {

    case ART_GCB_L:                                         /* GB6 */
        if (cur == ART_GCB_L || cur == ART_GCB_V || cur == ART_GCB_LV
            || cur == ART_GCB_LVT)
        {
            return 0;
        }
        break;

    case ART_GCB_LV:                                        /* GB7 */
    case ART_GCB_V:
        if (cur == ART_GCB_V || cur == ART_GCB_T) {
            return 0;
        }
        break;

    case ART_GCB_LVT:                                       /* GB8 */
    case ART_GCB_T:
        if (cur == ART_GCB_T) {
            return 0;
        }
        break;

    case ART_GCB_PREPEND:                                   /* GB9b */
        return 0;

    default:
        break;
    }

    if (cur == ART_GCB_EXTEND || cur == ART_GCB_ZWJ
        || cur == ART_GCB_SPACINGMARK)
    {
        return 0;                                           /* GB9, GB9a */
    }

    if (prev == ART_GCB_ZWJ && cur == ART_GCB_PICT && pict == 2) {
        return 0;                                           /* GB11 */
    }

    if (prev == ART_GCB_RI && cur == ART_GCB_RI && ri % 2 == 1) {
        return 0;                                           /* GB12, GB13 */
    }

    return 1;                                               /* GB999 */
}


size_t
art_grapheme_next(const unsigned char *p, size_t n)
{
    int        pict;
    size_t     i, len, ri;
    uint32_t   cp;
    art_gcb_e  prev, cur;

    if (n == 0) {
        return 0;
    }

    /*
     * An ASCII character is CR, LF, Control or Other, so between two of
     * them there is a boundary but in CR LF (GB3 to GB5, then GB999: the
     * rules that join need Hangul jamo, Prepend, Extend, ZWJ,
     * SpacingMark, a pictograph or regional indicators).
     */
    if (p[0] < 0x80 && (n == 1 || p[1] < 0x80)) {
        return (p[0] == '\r' && n > 1 && p[1] == '\n') ? 2 : 1;
    }

    i = art_utf8_decode(p, n, &cp);
    prev = art_grapheme_property(cp);
    ri = prev == ART_GCB_RI;
    pict = prev == ART_GCB_PICT;

    while (i < n) {
        len = art_utf8_decode(p + i, n - i, &cp);
        cur = art_grapheme_property(cp);

        if (art_gcb_break(prev, cur, ri, pict)) {
            break;
        }

        ri = cur == ART_GCB_RI ? ri + 1 : 0;

        if (cur == ART_GCB_PICT) {
            pict = 1;

        } else if (pict == 1 && cur == ART_GCB_ZWJ) {
            pict = 2;

        } else if (!(pict == 1 && cur == ART_GCB_EXTEND)) {
            pict = 0;
        }

        prev = cur;
        i += len;
    }

    return i;
}


size_t
art_grapheme_count(const unsigned char *p, size_t n)
{
    size_t  i, count;

    count = 0;

    for (i = 0; i < n; i += art_grapheme_next(p + i, n - i)) {
        count++;
    }

    return count;
}

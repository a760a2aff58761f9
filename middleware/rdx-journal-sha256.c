/* rdx-journal-sha256.c: SHA-256 of short messages, fast
 *
 * The state digest hashes every changed item of the state, so a dispatch
 * computes several SHA-256 of a few dozen bytes each. GChecksum does that
 * with a portable compression function; on x86-64 processors with the SHA
 * extensions (SHA-NI) this file does it with them, about four times
 * faster. Elsewhere it uses GChecksum. The two are checked against each
 * other by the tests.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-journal-private.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#ifdef HAVE_SHA_NI

static const guint32 round_constants[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Compresses @n_blocks blocks of 64 bytes into @state (a..h). The rounds
 * instruction works on the state as two halves, ABEF and CDGH, and two
 * rounds at a time; the message schedule instructions compute the next
 * four words of W from the previous sixteen. */
__attribute__ ((target ("sha,sse4.1,ssse3"))) static void
compress_sha_ni (guint32 *state, const guint8 *data, gsize n_blocks)
{
  const __m128i byte_swap = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i       abef, cdgh, tmp;

  /* a b c d / e f g h, as loaded (lane 0 first) -> ABEF and CDGH. */
  tmp = _mm_shuffle_epi32 (_mm_loadu_si128 ((const __m128i *) state), 0xb1);
  cdgh = _mm_shuffle_epi32 (_mm_loadu_si128 ((const __m128i *) (state + 4)), 0x1b);
  abef = _mm_alignr_epi8 (tmp, cdgh, 8);
  cdgh = _mm_blend_epi16 (cdgh, tmp, 0xf0);

  for (; n_blocks > 0; n_blocks--, data += 64)
    {
      __m128i abef_start = abef, cdgh_start = cdgh;
      __m128i w[4];
      guint   group;

      for (group = 0; group < 16; group++)
        {
          __m128i words, k;

          if (group < 4)
            {
              words = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (data + 16 * group)),
                                        byte_swap);
            }
          else
            {
              /* W[t..t+3] from W[t-16..t-1], kept as w[(group - n) % 4]. */
              __m128i w16 = w[group % 4], w12 = w[(group + 1) % 4];
              __m128i w8 = w[(group + 2) % 4], w4 = w[(group + 3) % 4];

              words = _mm_sha256msg1_epu32 (w16, w12);
              words = _mm_add_epi32 (words, _mm_alignr_epi8 (w4, w8, 4));
              words = _mm_sha256msg2_epu32 (words, w4);
            }
          w[group % 4] = words;

          k = _mm_add_epi32 (words,
                             _mm_loadu_si128 ((const __m128i *) (round_constants + 4 * group)));
          cdgh = _mm_sha256rnds2_epu32 (cdgh, abef, k);
          abef = _mm_sha256rnds2_epu32 (abef, cdgh, _mm_shuffle_epi32 (k, 0x0e));
        }

      abef = _mm_add_epi32 (abef, abef_start);
      cdgh = _mm_add_epi32 (cdgh, cdgh_start);
    }

  /* Back to a b c d / e f g h. */
  tmp = _mm_shuffle_epi32 (abef, 0x1b);
  cdgh = _mm_shuffle_epi32 (cdgh, 0xb1);
  _mm_storeu_si128 ((__m128i *) state, _mm_blend_epi16 (tmp, cdgh, 0xf0));
  _mm_storeu_si128 ((__m128i *) (state + 4), _mm_alignr_epi8 (cdgh, tmp, 8));
}

static gboolean
cpu_has_sha_ni (void)
{
  unsigned int eax, ebx, ecx, edx;

  if (!__get_cpuid_count (7, 0, &eax, &ebx, &ecx, &edx) || !(ebx & (1u << 29)))
    return FALSE;
  if (!__get_cpuid (1, &eax, &ebx, &ecx, &edx))
    return FALSE;
  /* SSSE3 (bit 9) and SSE4.1 (bit 19). */
  return (ecx & (1u << 9)) && (ecx & (1u << 19));
}

static void
sha256_sha_ni (const guint8 *data, gsize length, guint8 *digest)
{
  guint32 state[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  guint8  tail[128];
  gsize   whole = length / 64, rest = length % 64, tail_len;
  guint64 bits = (guint64) length * 8;
  guint   i;

  if (whole > 0)
    compress_sha_ni (state, data, whole);

  /* The rest, 0x80, zeros, and the length in bits: one block or two. */
  tail_len = rest < 56 ? 64 : 128;
  memcpy (tail, data + 64 * whole, rest);
  tail[rest] = 0x80;
  memset (tail + rest + 1, 0, tail_len - rest - 1);
  for (i = 0; i < 8; i++)
    tail[tail_len - 1 - i] = (guint8) (bits >> (8 * i));
  compress_sha_ni (state, tail, tail_len / 64);

  for (i = 0; i < 8; i++)
    {
      digest[4 * i] = (guint8) (state[i] >> 24);
      digest[4 * i + 1] = (guint8) (state[i] >> 16);
      digest[4 * i + 2] = (guint8) (state[i] >> 8);
      digest[4 * i + 3] = (guint8) state[i];
    }
}

#endif /* HAVE_SHA_NI */

static void
sha256_portable (const guint8 *data, gsize length, guint8 *digest)
{
  GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize      n = RDX_JOURNAL_DIGEST_SIZE;

  g_checksum_update (checksum, data, length);
  g_checksum_get_digest (checksum, digest, &n);
  g_checksum_free (checksum);
}

/* Which implementation: 0 not chosen yet, 1 portable, 2 SHA-NI. */
static gint     implementation;
static gboolean force_portable;

void
rdx_journal_sha256_force_portable (gboolean portable)
{
  force_portable = portable;
  g_atomic_int_set (&implementation, 0);
}

gboolean
rdx_journal_sha256_is_accelerated (void)
{
  guint8 digest[RDX_JOURNAL_DIGEST_SIZE];

  rdx_journal_sha256 ((const guint8 *) "", 0, digest);
  return g_atomic_int_get (&implementation) == 2;
}

/**
 * rdx_journal_sha256:
 * @data: the message
 * @length: its length in bytes
 * @digest: (out caller-allocates): the 32 bytes of its SHA-256
 */
void
rdx_journal_sha256 (const guint8 *data, gsize length, guint8 *digest)
{
  gint chosen = g_atomic_int_get (&implementation);

  if (G_UNLIKELY (chosen == 0))
    {
      chosen = 1;
#ifdef HAVE_SHA_NI
      if (!force_portable && cpu_has_sha_ni ())
        chosen = 2;
#endif
      g_atomic_int_set (&implementation, chosen);
    }

#ifdef HAVE_SHA_NI
  if (chosen == 2)
    {
      sha256_sha_ni (data, length, digest);
      return;
    }
#endif
  sha256_portable (data, length, digest);
}

/**
 * rdx_journal_sha256_hex:
 *
 * Returns: (transfer full): the SHA-256 of @data as 64 hexadecimal digits
 */
char *
rdx_journal_sha256_hex (const guint8 *data, gsize length)
{
  static const char hex[] = "0123456789abcdef";
  guint8            digest[RDX_JOURNAL_DIGEST_SIZE];
  char             *text = g_malloc (2 * RDX_JOURNAL_DIGEST_SIZE + 1);
  guint             i;

  rdx_journal_sha256 (data, length, digest);
  for (i = 0; i < RDX_JOURNAL_DIGEST_SIZE; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[2 * RDX_JOURNAL_DIGEST_SIZE] = '\0';
  return text;
}

/**
 * rdx_journal_snapshot_checksum:
 * @seq: the last event the snapshot's state includes
 * @origin: where it came from ("interval", "close", "explicit", "accepted")
 * @hash: the snapshot's state digest, %RDX_JOURNAL_DIGEST_SIZE bytes
 * @state: the snapshot's state, as canonical JSON
 * @length: the length of @state in bytes
 *
 * The checksum a snapshot is recorded with (schema 3): the SHA-256 of its
 * sequence number (8 bytes, big-endian), its origin and a NUL, its digest,
 * and the SHA-256 of its state, so damage to any of them shows: a snapshot
 * whose sequence number changed is not taken for the state after another
 * event.
 *
 * Returns: (transfer full): the checksum as 64 hexadecimal digits
 */
char *
rdx_journal_snapshot_checksum (guint64       seq,
                               const char   *origin,
                               const guint8 *hash,
                               const char   *state,
                               gsize         length)
{
  g_autoptr (GByteArray) data = g_byte_array_sized_new (128);
  guint64 seq_be = GUINT64_TO_BE (seq);
  guint8  state_sum[RDX_JOURNAL_DIGEST_SIZE];

  rdx_journal_sha256 ((const guint8 *) state, length, state_sum);
  g_byte_array_append (data, (const guint8 *) &seq_be, sizeof seq_be);
  g_byte_array_append (data, (const guint8 *) origin, strlen (origin) + 1);
  g_byte_array_append (data, hash, RDX_JOURNAL_DIGEST_SIZE);
  g_byte_array_append (data, state_sum, sizeof state_sum);
  return rdx_journal_sha256_hex (data->data, data->len);
}

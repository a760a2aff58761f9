/* test-value.c: scalars, kinds, references, the boxed type, equal, hash
 * and compare
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <float.h>
#include <math.h>
#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define VALUE_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

static RdxValue *
int_list (guint n, guint start, int step)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);

  for (guint i = 0; i < n; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int ((gint64) start + (gint64) i * step));
  return rdx_list_builder_end (g_steal_pointer (&builder));
}

/* Null and booleans */

static void
test_null (void **state)
{
  g_autoptr (RdxValue) a = rdx_value_new_null ();
  g_autoptr (RdxValue) b = rdx_value_new_null ();
  g_autoptr (RdxValue) f = rdx_value_new_bool (FALSE);
  g_autoptr (RdxValue) zero = rdx_value_new_int (0);

  assert_non_null (a);
  assert_int_equal (rdx_value_get_kind (a), RDX_VALUE_NULL);
  assert_true (rdx_value_is_null (a));
  assert_true (rdx_value_holds (a, RDX_VALUE_NULL));
  assert_false (rdx_value_holds (a, RDX_VALUE_BOOL));
  assert_false (rdx_value_is_int (a));
  assert_true (rdx_value_equal (a, b));
  assert_int_equal (rdx_value_hash (a), rdx_value_hash (b));
  assert_int_equal (rdx_value_compare (a, b), 0);
  /* null is neither false nor 0 */
  assert_false (rdx_value_equal (a, f));
  assert_false (rdx_value_equal (a, zero));
  assert_false (rdx_value_is_null (f));
}

static void
test_bool (void **state)
{
  g_autoptr (RdxValue) t = rdx_value_new_bool (TRUE);
  g_autoptr (RdxValue) t2 = rdx_value_new_bool (42); /* any non-zero is TRUE */
  g_autoptr (RdxValue) f = rdx_value_new_bool (FALSE);
  g_autoptr (RdxValue) one = rdx_value_new_int (1);

  assert_int_equal (rdx_value_get_kind (t), RDX_VALUE_BOOL);
  assert_int_equal (rdx_value_get_kind (f), RDX_VALUE_BOOL);
  assert_true (rdx_value_holds (t, RDX_VALUE_BOOL));
  assert_true (rdx_value_get_bool (t));
  assert_true (rdx_value_get_bool (t2));
  assert_int_equal (rdx_value_get_bool (t2), TRUE);
  assert_false (rdx_value_get_bool (f));
  assert_true (rdx_value_equal (t, t2));
  assert_int_equal (rdx_value_hash (t), rdx_value_hash (t2));
  assert_false (rdx_value_equal (t, f));
  assert_false (rdx_value_equal (t, one));
  assert_true (rdx_value_compare (t, f) != 0);
}

/* Integers */

static const gint64 interesting_ints[] = {
  0,
  1,
  -1,
  2,
  -2,
  1000,
  -1000,
  G_MAXINT32,
  G_MININT32,
  (gint64) G_MAXUINT32 + 1,
  RDX_TAGGED_MAX,
  RDX_TAGGED_MAX - 1,
  RDX_TAGGED_MAX + 1,
  RDX_TAGGED_MIN,
  RDX_TAGGED_MIN + 1,
  RDX_TAGGED_MIN - 1,
  G_MAXINT64,
  G_MAXINT64 - 1,
  G_MININT64,
  G_MININT64 + 1,
};

static void
test_int_values (void **state)
{
  for (guint i = 0; i < G_N_ELEMENTS (interesting_ints); i++)
    {
      gint64 v = interesting_ints[i];
      g_autoptr (RdxValue) a = rdx_value_new_int (v);
      g_autoptr (RdxValue) b = rdx_value_new_int (v);

      assert_non_null (a);
      assert_int_equal (rdx_value_get_kind (a), RDX_VALUE_INT);
      assert_true (rdx_value_is_int (a));
      assert_true (rdx_value_holds (a, RDX_VALUE_INT));
      assert_false (rdx_value_holds (a, RDX_VALUE_DOUBLE));
      assert_false (rdx_value_is_string (a));
      assert_true (rdx_value_get_int (a) == v);
      assert_true (rdx_value_equal (a, b));
      assert_int_equal (rdx_value_hash (a), rdx_value_hash (b));
      assert_int_equal (rdx_value_compare (a, b), 0);

      /* Every other interesting integer is a different value. */
      for (guint j = 0; j < G_N_ELEMENTS (interesting_ints); j++)
        {
          g_autoptr (RdxValue) c = rdx_value_new_int (interesting_ints[j]);

          if (i == j)
            continue;
          assert_false (rdx_value_equal (a, c));
          if (v < interesting_ints[j])
            assert_true (rdx_value_compare (a, c) < 0);
          else
            assert_true (rdx_value_compare (a, c) > 0);
        }
    }
}

static void
test_int_tagged_ranges (void **state)
{
  for (guint i = 0; i < G_N_ELEMENTS (interesting_ints); i++)
    {
      gint64    v = interesting_ints[i];
      gboolean  in_range = v >= RDX_TAGGED_MIN && v <= RDX_TAGGED_MAX;
      gint      before = rdx_value_get_live_count_for_testing ();
      RdxValue *a = rdx_value_new_int (v);
      RdxValue *b = rdx_value_new_int (v);

      /* Small integers are immediates: no allocation, the same pointer. */
      assert_int_equal (RDX_VALUE_IS_TAGGED (a), in_range);
      if (in_range)
        {
          assert_ptr_equal (a, b);
          assert_true (RDX_VALUE_TAGGED_INT (a) == v);
          assert_int_equal (rdx_value_get_live_count_for_testing (), before);
        }
      else
        {
          assert_int_equal (rdx_value_get_live_count_for_testing (), before + 2);
        }
      assert_true (rdx_value_get_int (a) == v);

      /* References on immediates are harmless no-ops. */
      assert_ptr_equal (rdx_value_ref (a), a);
      rdx_value_unref (a);
      assert_true (rdx_value_get_int (a) == v);

      rdx_value_unref (a);
      rdx_value_unref (b);
      assert_int_equal (rdx_value_get_live_count_for_testing (), before);
    }
}

/* Doubles */

static void
test_double_values (void **state)
{
  static const double values[] = {
    0.0, 1.0, -1.0, 0.5, 1e-300, -1e300, DBL_MAX, -DBL_MAX, DBL_MIN, DBL_EPSILON, 3.141592653589793
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr (RdxValue) a = rdx_value_new_double (values[i]);
      g_autoptr (RdxValue) b = rdx_value_new_double (values[i]);

      assert_non_null (a);
      assert_int_equal (rdx_value_get_kind (a), RDX_VALUE_DOUBLE);
      assert_true (rdx_value_holds (a, RDX_VALUE_DOUBLE));
      assert_false (rdx_value_is_int (a));
      assert_true (rdx_value_get_double (a) == values[i]);
      assert_true (rdx_value_equal (a, b));
      assert_int_equal (rdx_value_hash (a), rdx_value_hash (b));
      assert_int_equal (rdx_value_compare (a, b), 0);

      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        {
          g_autoptr (RdxValue) c = rdx_value_new_double (values[j]);

          if (i == j)
            continue;
          assert_false (rdx_value_equal (a, c));
          assert_int_equal (rdx_value_compare (a, c) < 0, values[i] < values[j]);
          assert_int_equal (rdx_value_compare (a, c) > 0, values[i] > values[j]);
        }
    }
}

static void
test_double_negative_zero (void **state)
{
  g_autoptr (RdxValue) pz = rdx_value_new_double (0.0);
  g_autoptr (RdxValue) nz = rdx_value_new_double (-0.0);
  g_autoptr (RdxValue) ten = rdx_value_new_double (10.0);

  assert_true (rdx_value_get_double (nz) == 0.0);
  assert_false (signbit (rdx_value_get_double (nz)));
  assert_true (rdx_value_equal (pz, nz));
  assert_int_equal (rdx_value_hash (pz), rdx_value_hash (nz));
  assert_int_equal (rdx_value_compare (pz, nz), 0);
  assert_true (rdx_value_compare (nz, ten) < 0);
}

static void
test_double_non_finite_refused (void **state)
{
  const double bad[] = { NAN, -NAN, INFINITY, -INFINITY };
  RdxTestLog   log;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      RdxValue *v;

      rdx_test_log_begin (&log);
      v = rdx_value_new_double (bad[i]);
      assert_int_equal (log.n_criticals, 1);
      rdx_test_log_end (&log);
      assert_null (v);
    }
}

static void
test_int_is_not_double (void **state)
{
  g_autoptr (RdxValue) i = rdx_value_new_int (1);
  g_autoptr (RdxValue) d = rdx_value_new_double (1.0);
  g_autoptr (RdxValue) i0 = rdx_value_new_int (0);
  g_autoptr (RdxValue) d0 = rdx_value_new_double (0.0);
  g_autoptr (RdxValue) s = rdx_value_new_string ("1");

  assert_false (rdx_value_equal (i, d));
  assert_false (rdx_value_equal (d, i));
  assert_false (rdx_value_equal (i0, d0));
  assert_false (rdx_value_equal (i, s));
  /* A total order consistent with equality never ties unequal values. */
  assert_true (rdx_value_compare (i, d) != 0);
  assert_true (rdx_value_compare (i0, d0) != 0);
  assert_true (rdx_value_compare (i, s) != 0);
}

/* Strings */

static void
test_string_values (void **state)
{
  static const char *texts[] = {
    "",
    "a",
    "ab",
    "hello, world",
    "h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93 \xf0\x9d\x84\x9e", /* é ö ✓ 𝄞 */
    "\xe4\xb8\xad\xe6\x96\x87",                                /* 中文 */
    "a string that is long enough not to fit in any small inline buffer at all, "
    "repeated: a string that is long enough not to fit in any small inline buffer",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *copy = g_strdup (texts[i]);
      g_autoptr (RdxValue) a = rdx_value_new_string (texts[i]);
      g_autoptr (RdxValue) b = rdx_value_new_string (copy);

      assert_non_null (a);
      assert_int_equal (rdx_value_get_kind (a), RDX_VALUE_STRING);
      assert_true (rdx_value_is_string (a));
      assert_true (rdx_value_holds (a, RDX_VALUE_STRING));
      assert_string_equal (rdx_value_get_string (a), texts[i]);
      /* The value keeps its own copy. */
      assert_ptr_not_equal (rdx_value_get_string (a), texts[i]);
      assert_int_equal (rdx_value_get_string_length (a), strlen (texts[i]));
      assert_true (rdx_value_equal (a, b));
      assert_int_equal (rdx_value_hash (a), rdx_value_hash (b));
      assert_int_equal (rdx_value_compare (a, b), 0);

      for (guint j = 0; j < G_N_ELEMENTS (texts); j++)
        {
          g_autoptr (RdxValue) c = rdx_value_new_string (texts[j]);

          if (i == j)
            continue;
          assert_false (rdx_value_equal (a, c));
          assert_true (rdx_value_compare (a, c) != 0);
          assert_int_equal (rdx_value_compare (a, c) < 0, strcmp (texts[i], texts[j]) < 0);
        }
    }
}

static void
test_string_copies_input (void **state)
{
  char buffer[] = "mutable";
  g_autoptr (RdxValue) v = rdx_value_new_string (buffer);

  buffer[0] = 'M';
  assert_string_equal (rdx_value_get_string (v), "mutable");
}

static void
test_string_len (void **state)
{
  const char *text = "abcdef";
  g_autoptr (RdxValue) abc = rdx_value_new_string_len (text, 3);
  g_autoptr (RdxValue) all = rdx_value_new_string_len (text, -1);
  g_autoptr (RdxValue) none = rdx_value_new_string_len (text, 0);
  g_autoptr (RdxValue) abc2 = rdx_value_new_string ("abc");
  g_autoptr (RdxValue) checked = NULL;
  g_autoptr (GError) error = NULL;

  assert_string_equal (rdx_value_get_string (abc), "abc");
  assert_int_equal (rdx_value_get_string_length (abc), 3);
  assert_string_equal (rdx_value_get_string (all), "abcdef");
  assert_string_equal (rdx_value_get_string (none), "");
  assert_int_equal (rdx_value_get_string_length (none), 0);
  assert_true (rdx_value_equal (abc, abc2));
  assert_int_equal (rdx_value_hash (abc), rdx_value_hash (abc2));

  checked = rdx_value_new_string_checked (text + 1, 2, &error);
  assert_null (error);
  assert_non_null (checked);
  assert_string_equal (rdx_value_get_string (checked), "bc");
}

static void
test_string_invalid_utf8 (void **state)
{
  static const struct
  {
    const char *text;
    gssize      length;
  } bad[] = {
    { "\xff", -1 },
    { "abc\xc3", -1 },          /* truncated sequence */
    { "\xc0\x80", -1 },         /* overlong NUL */
    { "\xed\xa0\x80", -1 },     /* UTF-16 surrogate */
    { "\xf4\x90\x80\x80", -1 }, /* beyond U+10FFFF */
    { "ok\x80ok", -1 },         /* stray continuation byte */
    { "a\0b", 3 },              /* an embedded NUL */
    { "\xe2\x9c\x93", 2 },      /* cut inside a sequence by the length */
  };
  RdxTestLog log;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      RdxValue *v;

      v = rdx_value_new_string_checked (bad[i].text, bad[i].length, &error);
      assert_null (v);
      assert_non_null (error);
      assert_true (g_error_matches (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_INVALID_UTF8));

      /* Programming errors: the unchecked constructors refuse with a critical. */
      rdx_test_log_begin (&log);
      if (bad[i].length < 0)
        v = rdx_value_new_string (bad[i].text);
      else
        v = rdx_value_new_string_len (bad[i].text, bad[i].length);
      assert_int_equal (log.n_criticals, 1);
      rdx_test_log_end (&log);
      assert_null (v);
    }
}

static void
test_string_checked_valid (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) v = NULL;
  g_autoptr (RdxValue) e = NULL;

  v = rdx_value_new_string_checked ("caf\xc3\xa9", -1, &error);
  assert_null (error);
  assert_non_null (v);
  assert_string_equal (rdx_value_get_string (v), "caf\xc3\xa9");
  assert_int_equal (rdx_value_get_string_length (v), 5);

  e = rdx_value_new_string_checked ("", 0, &error);
  assert_null (error);
  assert_non_null (e);
  assert_string_equal (rdx_value_get_string (e), "");
}

static void
test_printf (void **state)
{
  g_autoptr (RdxValue) v = rdx_value_new_printf ("acc-%05d", 42);
  g_autoptr (RdxValue) w = rdx_value_new_printf ("%s/%d/%.2f", "caf\xc3\xa9", -7, 2.5);
  g_autoptr (RdxValue) empty = rdx_value_new_printf ("%s", "");
  g_autofree char *long_text = g_strnfill (5000, 'x');
  g_autoptr (RdxValue) big = rdx_value_new_printf ("<%s>", long_text);
  g_autoptr (RdxValue) plain = rdx_value_new_string ("acc-00042");

  assert_int_equal (rdx_value_get_kind (v), RDX_VALUE_STRING);
  assert_string_equal (rdx_value_get_string (v), "acc-00042");
  assert_true (rdx_value_equal (v, plain));
  assert_int_equal (rdx_value_hash (v), rdx_value_hash (plain));
  assert_string_equal (rdx_value_get_string (w), "caf\xc3\xa9/-7/2.50");
  assert_string_equal (rdx_value_get_string (empty), "");
  assert_int_equal (rdx_value_get_string_length (big), 5002);
  assert_int_equal (rdx_value_get_string (big)[0], '<');
  assert_int_equal (rdx_value_get_string (big)[5001], '>');
}

/* Kinds and predicates */

static void
test_kinds (void **state)
{
  RdxValue *values[] = {
    rdx_value_new_null (),
    rdx_value_new_bool (TRUE),
    rdx_value_new_int (7),
    rdx_value_new_double (7.5),
    rdx_value_new_string ("7"),
    rdx_list_new (),
    rdx_map_new (),
  };
  const char *names[G_N_ELEMENTS (values)];

  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    {
      assert_int_equal (rdx_value_get_kind (values[k]), k);
      for (guint other = 0; other < G_N_ELEMENTS (values); other++)
        assert_int_equal (rdx_value_holds (values[k], other), k == other);
      assert_int_equal (rdx_value_is_null (values[k]), k == RDX_VALUE_NULL);
      assert_int_equal (rdx_value_is_int (values[k]), k == RDX_VALUE_INT);
      assert_int_equal (rdx_value_is_string (values[k]), k == RDX_VALUE_STRING);
      assert_int_equal (rdx_value_is_list (values[k]), k == RDX_VALUE_LIST);
      assert_int_equal (rdx_value_is_map (values[k]), k == RDX_VALUE_MAP);

      names[k] = rdx_value_kind_to_string (k);
      assert_non_null (names[k]);
      assert_true (names[k][0] != '\0');
      for (guint j = 0; j < k; j++)
        assert_string_not_equal (names[j], names[k]);
    }

  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    rdx_value_unref (values[k]);
}

static void
test_predicates_on_null (void **state)
{
  RdxTestLog log;

  rdx_test_log_begin (&log);
  for (guint k = RDX_VALUE_NULL; k <= RDX_VALUE_MAP; k++)
    assert_false (rdx_value_holds (NULL, k));
  assert_false (rdx_value_is_null (NULL));
  assert_false (rdx_value_is_int (NULL));
  assert_false (rdx_value_is_string (NULL));
  assert_false (rdx_value_is_map (NULL));
  assert_false (rdx_value_is_list (NULL));
  assert_int_equal (log.n_criticals, 0);
  assert_int_equal (log.n_warnings, 0);
  rdx_test_log_end (&log);
}

static void
test_getters_wrong_kind (void **state)
{
  g_autoptr (RdxValue) s = rdx_value_new_string ("12");
  g_autoptr (RdxValue) i = rdx_value_new_int (12);
  g_autoptr (RdxValue) big = rdx_value_new_int (G_MAXINT64);
  g_autoptr (RdxValue) d = rdx_value_new_double (12.0);
  g_autoptr (RdxValue) t = rdx_value_new_bool (TRUE);
  g_autoptr (RdxValue) m = rdx_map_new ();
  RdxTestLog log;

  rdx_test_log_begin (&log);

  assert_true (rdx_value_get_int (s) == 0);
  assert_true (rdx_value_get_int (d) == 0);
  assert_true (rdx_value_get_int (t) == 0);
  assert_int_equal (log.n_criticals, 3);
  rdx_test_log_clear (&log);

  assert_true (rdx_value_get_double (i) == 0.0);
  assert_true (rdx_value_get_double (big) == 0.0);
  assert_true (rdx_value_get_double (s) == 0.0);
  assert_int_equal (log.n_criticals, 3);
  rdx_test_log_clear (&log);

  assert_false (rdx_value_get_bool (i));
  assert_false (rdx_value_get_bool (s));
  assert_int_equal (log.n_criticals, 2);
  rdx_test_log_clear (&log);

  assert_null (rdx_value_get_string (i));
  assert_null (rdx_value_get_string (m));
  assert_int_equal (rdx_value_get_string_length (d), 0);
  assert_int_equal (log.n_criticals, 3);
  rdx_test_log_clear (&log);

  /* NULL is a programming error for the getters. */
  assert_true (rdx_value_get_int (NULL) == 0);
  assert_null (rdx_value_get_string (NULL));
  assert_false (rdx_value_get_bool (NULL));
  assert_int_equal (log.n_criticals, 3);
  rdx_test_log_end (&log);

  /* And the right getters still work afterwards. */
  assert_true (rdx_value_get_int (i) == 12);
  assert_true (rdx_value_get_double (d) == 12.0);
  assert_true (rdx_value_get_bool (t));
  assert_string_equal (rdx_value_get_string (s), "12");
}

/* References */

static void
test_ref_unref (void **state)
{
  gint      before = rdx_value_get_live_count_for_testing ();
  RdxValue *s = rdx_value_new_string ("shared");
  RdxValue *m;
  RdxValue *m2;

  assert_int_equal (rdx_value_get_live_count_for_testing (), before + 1);
  assert_ptr_equal (rdx_value_ref (s), s);
  assert_ptr_equal (rdx_value_ref (s), s);
  rdx_value_unref (s);
  rdx_value_unref (s);
  assert_int_equal (rdx_value_get_live_count_for_testing (), before + 1);
  assert_string_equal (rdx_value_get_string (s), "shared");

  /* A map holds its own reference to what it contains. */
  m = rdx_map_new ();
  m2 = rdx_map_set (m, "k", s);
  rdx_value_unref (s);
  rdx_value_unref (m);
  assert_string_equal (rdx_value_get_string (rdx_map_get (m2, "k")), "shared");
  rdx_value_unref (m2);
  assert_int_equal (rdx_value_get_live_count_for_testing (), before);
}

static void
test_ref_static_values (void **state)
{
  /* null, booleans and the empty containers may be shared singletons:
   * however many references are taken and dropped, they stay usable. */
  RdxValue *v[] = { rdx_value_new_null (), rdx_value_new_bool (TRUE), rdx_value_new_bool (FALSE),
                    rdx_map_new (), rdx_list_new () };

  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    {
      for (guint j = 0; j < 100; j++)
        rdx_value_ref (v[i]);
      for (guint j = 0; j < 100; j++)
        rdx_value_unref (v[i]);
      assert_int_equal (rdx_value_get_kind (v[i]), i == 0   ? RDX_VALUE_NULL
                                                   : i < 3  ? RDX_VALUE_BOOL
                                                   : i == 3 ? RDX_VALUE_MAP
                                                            : RDX_VALUE_LIST);
      rdx_value_unref (v[i]);
    }
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr (RdxValue) t = rdx_value_new_bool (TRUE);
      g_autoptr (RdxValue) m = rdx_map_new ();

      assert_true (rdx_value_get_bool (t));
      assert_int_equal (rdx_map_size (m), 0);
    }
}

typedef struct
{
  RdxValue *shared;
  guint     n;
} RefThreadData;

static gpointer
ref_thread_cb (gpointer data)
{
  RefThreadData *td = data;

  for (guint i = 0; i < td->n; i++)
    {
      RdxValue *v = rdx_value_ref (td->shared);

      if (rdx_map_size (v) != 100)
        return GINT_TO_POINTER (1);
      rdx_value_unref (v);
    }
  return NULL;
}

static void
test_ref_threads (void **state)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  RefThreadData td;
  GThread      *threads[4];
  gint          before = rdx_value_get_live_count_for_testing ();

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);

      rdx_map_builder_set_take (builder, key, rdx_value_new_printf ("v%u", i));
    }
  td.shared = rdx_map_builder_end (g_steal_pointer (&builder));
  td.n = g_getenv ("RDX_TEST_QUICK") ? 2000 : 100000;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("ref", ref_thread_cb, &td);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    assert_null (g_thread_join (threads[i]));

  assert_int_equal (rdx_map_size (td.shared), 100);
  rdx_value_unref (td.shared);
  assert_int_equal (rdx_value_get_live_count_for_testing (), before);
}

static void
test_free_deep_nesting (void **state)
{
  /* Freeing must not recurse once per level. */
  RdxValue *v = rdx_value_new_int (1);
  guint     depth = 200000;

  for (guint i = 0; i < depth; i++)
    {
      RdxValue *outer;

      if (i % 2 == 0)
        outer = rdx_list_new_take (v, NULL);
      else
        outer = rdx_map_new_take ("x", v, NULL);
      v = outer;
    }
  assert_int_equal (rdx_value_get_kind (v), RDX_VALUE_MAP);
  assert_true (rdx_value_get_live_count_for_testing () >= (gint) depth);
  rdx_value_unref (v);
}

/* The boxed type */

static void
test_boxed_type (void **state)
{
  GValue    gvalue = G_VALUE_INIT;
  RdxValue *v = rdx_value_new_string ("boxed");
  RdxValue *dup;
  RdxValue *copy;
  gint      before = rdx_value_get_live_count_for_testing ();

  assert_true (G_TYPE_IS_BOXED (RDX_TYPE_VALUE));
  assert_int_equal (RDX_TYPE_VALUE, rdx_value_get_type ());
  assert_string_equal (g_type_name (RDX_TYPE_VALUE), "RdxValue");

  g_value_init (&gvalue, RDX_TYPE_VALUE);
  assert_true (G_VALUE_HOLDS (&gvalue, RDX_TYPE_VALUE));
  assert_null (g_value_get_boxed (&gvalue));
  g_value_set_boxed (&gvalue, v);
  assert_ptr_equal (g_value_get_boxed (&gvalue), v);

  /* Copies are references, not deep copies. */
  dup = g_value_dup_boxed (&gvalue);
  assert_ptr_equal (dup, v);
  copy = g_boxed_copy (RDX_TYPE_VALUE, v);
  assert_ptr_equal (copy, v);
  assert_int_equal (rdx_value_get_live_count_for_testing (), before);

  rdx_value_unref (v);
  g_boxed_free (RDX_TYPE_VALUE, copy);
  g_value_unset (&gvalue);
  assert_string_equal (rdx_value_get_string (dup), "boxed");
  assert_int_equal (rdx_value_get_live_count_for_testing (), before);
  rdx_value_unref (dup);
  assert_int_equal (rdx_value_get_live_count_for_testing (), before - 1);

  /* g_value_take_boxed hands the reference over. */
  g_value_init (&gvalue, RDX_TYPE_VALUE);
  g_value_take_boxed (&gvalue, rdx_value_new_int (G_MAXINT64));
  assert_true (rdx_value_get_int (g_value_get_boxed (&gvalue)) == G_MAXINT64);
  g_value_unset (&gvalue);
}

static void
test_autoptr (void **state)
{
  gint before = rdx_value_get_live_count_for_testing ();

  {
    g_autoptr (RdxValue) s = rdx_value_new_string ("auto");
    g_autoptr (RdxValue) m = rdx_map_new_take ("a", rdx_value_new_string ("b"), NULL);
    g_autoptr (RdxValue) l = rdx_list_new_take (rdx_value_new_string ("c"), NULL);
    g_autoptr (RdxValue) none = NULL;
    g_autoptr (RdxMapBuilder) mb = rdx_map_builder_new (m);
    g_autoptr (RdxListBuilder) lb = rdx_list_builder_new (l);

    rdx_map_builder_set_take (mb, "x", rdx_value_new_string ("y"));
    rdx_list_builder_append_take (lb, rdx_value_new_string ("z"));
    assert_true (rdx_value_get_live_count_for_testing () > before);
    assert_string_equal (rdx_value_get_string (s), "auto");
  }
  assert_int_equal (rdx_value_get_live_count_for_testing (), before);
}

/* Equality */

static void
test_equal_basics (void **state)
{
  g_autoptr (RdxValue) m = rdx_map_new_take ("a", rdx_value_new_int (1), NULL);
  g_autoptr (RdxValue) l = rdx_list_new_take (rdx_value_new_int (1), NULL);
  g_autoptr (RdxValue) s = rdx_value_new_string ("a");
  RdxTestLog log;

  /* The same pointer is equal, for every kind. */
  assert_true (rdx_value_equal (m, m));
  assert_true (rdx_value_equal (l, l));
  assert_true (rdx_value_equal (s, s));

  /* Values of different kinds are never equal. */
  assert_false (rdx_value_equal (m, l));
  assert_false (rdx_value_equal (l, m));
  assert_false (rdx_value_equal (s, m));

  rdx_test_log_begin (&log);
  assert_true (rdx_value_equal (NULL, NULL));
  assert_false (rdx_value_equal (NULL, s));
  assert_false (rdx_value_equal (s, NULL));
  assert_int_equal (log.n_criticals, 0);
  rdx_test_log_end (&log);
}

/* Two doubles no constructor can make: NaN is never equal to itself by
 * value, so comparing one with itself is TRUE only through the pointer
 * shortcut. They are static, so references are no-ops. */
static RdxDouble nan_a = { { 1, RDX_VALUE_DOUBLE, RDX_VALUE_FLAG_STATIC, 0 }, NAN };
static RdxDouble nan_b = { { 1, RDX_VALUE_DOUBLE, RDX_VALUE_FLAG_STATIC, 0 }, NAN };

static void
test_equal_pointer_shortcut (void **state)
{
  RdxValue *nan = &nan_a.base;
  RdxValue *other_nan = &nan_b.base;
  g_autoptr (RdxValue) inner = rdx_map_new_take ("nan", nan, "n", rdx_value_new_int (1), NULL);
  g_autoptr (RdxValue) list = rdx_list_new_take (rdx_value_new_int (0), nan, NULL);
  g_autoptr (RdxValue) outer1 = NULL;
  g_autoptr (RdxValue) outer2 = NULL;
  g_autoptr (RdxValue) other_inner = NULL;
  g_autoptr (RdxValue) outer3 = NULL;

  /* A walk would find these unequal. */
  assert_false (rdx_value_equal (nan, other_nan));
  assert_true (rdx_value_equal (nan, nan));

  /* Two outer maps built apart, sharing the subtrees by pointer: equal,
   * which they can only be if the shared subtrees are not walked. */
  outer1 = rdx_map_new_take ("m", rdx_value_ref (inner), "l", rdx_value_ref (list), "x",
                             rdx_value_new_int (1), NULL);
  outer2 = rdx_map_new_take ("x", rdx_value_new_int (1), "l", rdx_value_ref (list), "m",
                             rdx_value_ref (inner), NULL);
  assert_ptr_not_equal (outer1, outer2);
  assert_true (rdx_value_equal (outer1, outer2));

  /* With a different (unequal) NaN inside, the walk reaches it. */
  other_inner = rdx_map_new_take ("nan", other_nan, "n", rdx_value_new_int (1), NULL);
  outer3 = rdx_map_new_take ("m", rdx_value_ref (other_inner), "l", rdx_value_ref (list), "x",
                             rdx_value_new_int (1), NULL);
  assert_false (rdx_value_equal (outer1, outer3));
}

static RdxValue *
build_map_in_order (const guint *order, guint n)
{
  RdxValue *m = rdx_map_new ();

  for (guint i = 0; i < n; i++)
    {
      char      key[32];
      RdxValue *next;

      g_snprintf (key, sizeof key, "k%05u", order[i]);
      next = rdx_map_set_take (m, key, rdx_value_new_printf ("value %u", order[i]));
      rdx_value_unref (m);
      m = next;
    }
  return m;
}

static guint *
shuffled_range (guint n, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint *order = g_new (guint, n);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1);
      guint t = order[i];

      order[i] = order[j];
      order[j] = t;
    }
  return order;
}

static void
test_equal_and_hash_maps_any_order (void **state)
{
  const guint       n = 1000;
  g_autofree guint *forward = g_new (guint, n);
  g_autofree guint *backward = g_new (guint, n);
  g_autofree guint *shuffled = shuffled_range (n, 7);
  g_autoptr (RdxValue) a = NULL;
  g_autoptr (RdxValue) b = NULL;
  g_autoptr (RdxValue) c = NULL;
  g_autoptr (RdxValue) d = NULL;
  g_autoptr (RdxValue) changed = NULL;
  g_autoptr (RdxValue) smaller = NULL;
  g_autoptr (RdxMapBuilder) builder = NULL;

  for (guint i = 0; i < n; i++)
    {
      forward[i] = i;
      backward[i] = n - 1 - i;
    }
  a = build_map_in_order (forward, n);
  b = build_map_in_order (backward, n);
  c = build_map_in_order (shuffled, n);

  /* And with a builder, with extra keys added then removed. */
  builder = rdx_map_builder_new (NULL);
  for (guint i = 0; i < n + 200; i++)
    {
      char key[32];

      g_snprintf (key, sizeof key, "k%05u", shuffled[i % n] + (i >= n ? n : 0));
      rdx_map_builder_set_take (builder, key, rdx_value_new_printf ("value %u", shuffled[i % n]));
    }
  for (guint i = n; i < n + 200; i++)
    {
      char key[32];

      g_snprintf (key, sizeof key, "k%05u", shuffled[i - n] + n);
      rdx_map_builder_remove (builder, key);
    }
  d = rdx_map_builder_end (g_steal_pointer (&builder));

  assert_int_equal (rdx_map_size (a), n);
  assert_int_equal (rdx_map_size (d), n);
  assert_ptr_not_equal (a, b);
  assert_true (rdx_value_equal (a, b));
  assert_true (rdx_value_equal (b, c));
  assert_true (rdx_value_equal (c, d));
  assert_true (rdx_value_equal (d, a));
  assert_int_equal (rdx_value_hash (a), rdx_value_hash (b));
  assert_int_equal (rdx_value_hash (a), rdx_value_hash (c));
  assert_int_equal (rdx_value_hash (a), rdx_value_hash (d));
  assert_int_equal (rdx_value_compare (a, b), 0);
  assert_int_equal (rdx_value_compare (c, d), 0);

  /* One value different, or one key fewer, is not equal. */
  changed = rdx_map_set_take (c, "k00500", rdx_value_new_string ("value 500 "));
  assert_false (rdx_value_equal (a, changed));
  assert_false (rdx_value_equal (changed, a));
  assert_true (rdx_value_compare (a, changed) != 0);
  smaller = rdx_map_remove (d, "k00999");
  assert_false (rdx_value_equal (a, smaller));
  assert_false (rdx_value_equal (smaller, a));
}

static void
test_equal_maps_small (void **state)
{
  g_autoptr (RdxValue) ab =
    rdx_map_new_take ("a", rdx_value_new_int (1), "b", rdx_value_new_int (2), NULL);
  g_autoptr (RdxValue) ba =
    rdx_map_new_take ("b", rdx_value_new_int (2), "a", rdx_value_new_int (1), NULL);
  g_autoptr (RdxValue) ac =
    rdx_map_new_take ("a", rdx_value_new_int (1), "c", rdx_value_new_int (2), NULL);
  g_autoptr (RdxValue) ab3 =
    rdx_map_new_take ("a", rdx_value_new_int (1), "b", rdx_value_new_int (3), NULL);
  g_autoptr (RdxValue) abd =
    rdx_map_new_take ("a", rdx_value_new_int (1), "b", rdx_value_new_double (2), NULL);
  g_autoptr (RdxValue) empty = rdx_map_new ();
  g_autoptr (RdxValue) empty_list = rdx_list_new ();

  assert_true (rdx_value_equal (ab, ba));
  assert_int_equal (rdx_value_hash (ab), rdx_value_hash (ba));
  assert_false (rdx_value_equal (ab, ac)); /* same values, different keys */
  assert_false (rdx_value_equal (ab, ab3));
  assert_false (rdx_value_equal (ab, abd));
  assert_false (rdx_value_equal (ab, empty));
  assert_false (rdx_value_equal (empty, empty_list));
}

static void
test_equal_lists (void **state)
{
  g_autoptr (RdxValue) a = int_list (5000, 0, 1);
  g_autoptr (RdxValue) b = NULL;
  g_autoptr (RdxValue) reversed = int_list (5000, 4999, -1);
  g_autoptr (RdxValue) shorter = int_list (4999, 0, 1);
  g_autoptr (RdxValue) changed = NULL;
  g_autoptr (RdxValue) nested1 = NULL;
  g_autoptr (RdxValue) nested2 = NULL;

  /* Built by appending one by one instead of with a builder. */
  b = rdx_list_new ();
  for (guint i = 0; i < 5000; i++)
    {
      RdxValue *next = rdx_list_append_take (b, rdx_value_new_int (i));

      rdx_value_unref (b);
      b = next;
    }
  assert_true (rdx_value_equal (a, b));
  assert_int_equal (rdx_value_hash (a), rdx_value_hash (b));
  assert_int_equal (rdx_value_compare (a, b), 0);
  assert_false (rdx_value_equal (a, reversed)); /* order matters */
  assert_false (rdx_value_equal (a, shorter));
  assert_false (rdx_value_equal (shorter, a));
  assert_true (rdx_value_compare (shorter, a) < 0);
  assert_true (rdx_value_compare (a, shorter) > 0);

  changed = rdx_list_set (b, 4321, rdx_value_new_int (-1)); /* an immediate: no leak */
  assert_false (rdx_value_equal (a, changed));
  assert_true (rdx_value_compare (changed, a) < 0);

  nested1 =
    rdx_list_new_take (rdx_value_ref (a), rdx_map_new_take ("l", rdx_value_ref (b), NULL), NULL);
  nested2 =
    rdx_list_new_take (rdx_value_ref (b), rdx_map_new_take ("l", rdx_value_ref (a), NULL), NULL);
  assert_true (rdx_value_equal (nested1, nested2));
  assert_int_equal (rdx_value_hash (nested1), rdx_value_hash (nested2));
}

static void
test_hash_spreads (void **state)
{
  /* Not a contract, but a hash that collides on simple inputs would make
   * every hash table of values slow. */
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr (RdxValue) v = NULL;

      switch (i % 4)
        {
          case 0:
            v = rdx_value_new_int (i);
            break;
          case 1:
            v = rdx_value_new_printf ("%u", i);
            break;
          case 2:
            v = rdx_value_new_double (i + 0.5);
            break;
          default:
            v = rdx_list_new_take (rdx_value_new_int (i), NULL);
            break;
        }
      g_hash_table_add (seen, GUINT_TO_POINTER (rdx_value_hash (v)));
    }
  assert_true (g_hash_table_size (seen) >= 990);
}

/* Compare: a total order */

static GPtrArray *
compare_sample (void)
{
  GPtrArray *a = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);

  g_ptr_array_add (a, rdx_value_new_null ());
  g_ptr_array_add (a, rdx_value_new_bool (FALSE));
  g_ptr_array_add (a, rdx_value_new_bool (TRUE));
  g_ptr_array_add (a, rdx_value_new_int (G_MININT64));
  g_ptr_array_add (a, rdx_value_new_int (-1));
  g_ptr_array_add (a, rdx_value_new_int (0));
  g_ptr_array_add (a, rdx_value_new_int (1));
  g_ptr_array_add (a, rdx_value_new_int (2));
  g_ptr_array_add (a, rdx_value_new_int (RDX_TAGGED_MAX + 1));
  g_ptr_array_add (a, rdx_value_new_int (G_MAXINT64));
  g_ptr_array_add (a, rdx_value_new_double (-1e300));
  g_ptr_array_add (a, rdx_value_new_double (-1.0));
  g_ptr_array_add (a, rdx_value_new_double (0.0));
  g_ptr_array_add (a, rdx_value_new_double (0.5));
  g_ptr_array_add (a, rdx_value_new_double (1.0));
  g_ptr_array_add (a, rdx_value_new_double (1.5));
  g_ptr_array_add (a, rdx_value_new_double (9.3e18));
  g_ptr_array_add (a, rdx_value_new_string (""));
  g_ptr_array_add (a, rdx_value_new_string ("1"));
  g_ptr_array_add (a, rdx_value_new_string ("a"));
  g_ptr_array_add (a, rdx_value_new_string ("ab"));
  g_ptr_array_add (a, rdx_value_new_string ("b"));
  g_ptr_array_add (a, rdx_value_new_string ("\xc3\xa9"));
  g_ptr_array_add (a, rdx_list_new ());
  g_ptr_array_add (a, rdx_list_new_take (rdx_value_new_int (1), NULL));
  g_ptr_array_add (a, rdx_list_new_take (rdx_value_new_int (1), rdx_value_new_int (2), NULL));
  g_ptr_array_add (a, rdx_list_new_take (rdx_value_new_int (2), NULL));
  g_ptr_array_add (a, rdx_list_new_take (rdx_value_new_string ("1"), NULL));
  g_ptr_array_add (a, rdx_list_new_take (rdx_value_new_double (1), NULL));
  g_ptr_array_add (a, rdx_map_new ());
  g_ptr_array_add (a, rdx_map_new_take ("a", rdx_value_new_int (1), NULL));
  g_ptr_array_add (a, rdx_map_new_take ("a", rdx_value_new_int (2), NULL));
  g_ptr_array_add (a, rdx_map_new_take ("b", rdx_value_new_int (1), NULL));
  g_ptr_array_add (a,
                   rdx_map_new_take ("a", rdx_value_new_int (1), "b", rdx_value_new_int (1), NULL));
  g_ptr_array_add (a,
                   rdx_map_new_take ("a", rdx_value_new_int (1), "c", rdx_value_new_int (0), NULL));
  g_ptr_array_add (a, rdx_map_new_take ("aa", rdx_value_new_null (), NULL));
  return a;
}

static int
sign (int v)
{
  return v < 0 ? -1 : v > 0 ? 1 : 0;
}

static void
test_compare_total_order (void **state)
{
  g_autoptr (GPtrArray) a = compare_sample ();
  g_autoptr (GPtrArray) b = compare_sample ();
  guint n = a->len;

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        RdxValue *x = a->pdata[i];
        RdxValue *y = a->pdata[j];
        int       c = sign (rdx_value_compare (x, y));

        /* Antisymmetric, and 0 exactly for equal values. */
        assert_int_equal (c, -sign (rdx_value_compare (y, x)));
        assert_int_equal (c == 0, i == j);
        assert_int_equal (c == 0, rdx_value_equal (x, y));
        /* Distinct pointers to equal values compare equal. */
        assert_int_equal (sign (rdx_value_compare (b->pdata[i], y)), c);

        /* Transitive. */
        for (guint k = 0; k < n; k++)
          {
            RdxValue *z = a->pdata[k];

            if (c < 0 && rdx_value_compare (y, z) < 0)
              assert_true (rdx_value_compare (x, z) < 0);
          }
      }
}

static gint
compare_ptr_cb (gconstpointer a, gconstpointer b)
{
  return rdx_value_compare (*(RdxValue **) a, *(RdxValue **) b);
}

static void
test_compare_sort_is_stable_under_shuffles (void **state)
{
  g_autoptr (GPtrArray) a = compare_sample ();
  g_autoptr (GPtrArray) b = compare_sample ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  static const int rank[] = { 0, 1, 2, 2, 3, 4, 5 }; /* ints and doubles together */

  for (guint i = b->len - 1; i > 0; i--)
    {
      guint    j = g_rand_int_range (rand, 0, i + 1);
      gpointer t = b->pdata[i];

      b->pdata[i] = b->pdata[j];
      b->pdata[j] = t;
    }
  g_ptr_array_sort (a, compare_ptr_cb);
  g_ptr_array_sort (b, compare_ptr_cb);
  for (guint i = 0; i < a->len; i++)
    {
      assert_true (rdx_value_equal (a->pdata[i], b->pdata[i]));
      if (i > 0)
        {
          assert_true (rdx_value_compare (a->pdata[i - 1], a->pdata[i]) < 0);
          assert_true (rank[rdx_value_get_kind (a->pdata[i - 1])] <=
                       rank[rdx_value_get_kind (a->pdata[i])]);
        }
    }
}

static void
test_compare_documented_order (void **state)
{
  /* rdx-value.c: null < booleans (FALSE first) < numbers (ints and doubles
   * by value; an int before an equal double) < strings (byte order) <
   * lists (element by element, shorter first) < maps (by sorted key, then
   * value). Each value sorts strictly before every later one. */
  RdxValue *ordered[] = {
    rdx_value_new_null (),
    rdx_value_new_bool (FALSE),
    rdx_value_new_bool (TRUE),
    rdx_value_new_double (-1e300),
    rdx_value_new_int (G_MININT64),
    rdx_value_new_int (-5),
    rdx_value_new_double (-4.5),
    rdx_value_new_int (0),
    rdx_value_new_double (0.0),
    rdx_value_new_double (0.5),
    rdx_value_new_int (1),
    rdx_value_new_double (1.0),
    rdx_value_new_int (G_MAXINT64),
    rdx_value_new_double (1e19),
    rdx_value_new_string (""),
    rdx_value_new_string ("Z"),
    rdx_value_new_string ("a"),
    rdx_value_new_string ("a\x01"),
    rdx_value_new_string ("ab"),
    rdx_value_new_string ("\xc3\xa9"),
    rdx_value_new_string ("\xf0\x9d\x84\x9e"),
    rdx_list_new (),
    rdx_list_new_take (rdx_value_new_null (), NULL),
    rdx_list_new_take (rdx_value_new_int (1), NULL),
    rdx_list_new_take (rdx_value_new_int (1), rdx_value_new_int (2), NULL),
    rdx_list_new_take (rdx_value_new_int (2), NULL),
    rdx_list_new_take (rdx_value_new_string (""), NULL),
    rdx_map_new (),
    rdx_map_new_take ("a", rdx_value_new_int (1), NULL),
    rdx_map_new_take ("a", rdx_value_new_int (1), "b", rdx_value_new_int (0), NULL),
    rdx_map_new_take ("a", rdx_value_new_int (2), NULL),
    rdx_map_new_take ("b", rdx_value_new_null (), NULL),
  };

  for (guint i = 0; i < G_N_ELEMENTS (ordered); i++)
    for (guint j = 0; j < G_N_ELEMENTS (ordered); j++)
      {
        int c = rdx_value_compare (ordered[i], ordered[j]);

        if ((i < j && c >= 0) || (i > j && c <= 0) || (i == j && c != 0))
          fail_msg ("compare (#%u, #%u) = %d", i, j, c);
      }
  for (guint i = 0; i < G_N_ELEMENTS (ordered); i++)
    rdx_value_unref (ordered[i]);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    VALUE_TEST (test_null),
    VALUE_TEST (test_bool),
    VALUE_TEST (test_int_values),
    VALUE_TEST (test_int_tagged_ranges),
    VALUE_TEST (test_double_values),
    VALUE_TEST (test_double_negative_zero),
    VALUE_TEST (test_double_non_finite_refused),
    VALUE_TEST (test_int_is_not_double),
    VALUE_TEST (test_string_values),
    VALUE_TEST (test_string_copies_input),
    VALUE_TEST (test_string_len),
    VALUE_TEST (test_string_invalid_utf8),
    VALUE_TEST (test_string_checked_valid),
    VALUE_TEST (test_printf),
    VALUE_TEST (test_kinds),
    VALUE_TEST (test_predicates_on_null),
    VALUE_TEST (test_getters_wrong_kind),
    VALUE_TEST (test_ref_unref),
    VALUE_TEST (test_ref_static_values),
    VALUE_TEST (test_ref_threads),
    VALUE_TEST (test_free_deep_nesting),
    VALUE_TEST (test_boxed_type),
    VALUE_TEST (test_autoptr),
    VALUE_TEST (test_equal_basics),
    VALUE_TEST (test_equal_pointer_shortcut),
    VALUE_TEST (test_equal_and_hash_maps_any_order),
    VALUE_TEST (test_equal_maps_small),
    VALUE_TEST (test_equal_lists),
    VALUE_TEST (test_hash_spreads),
    VALUE_TEST (test_compare_total_order),
    VALUE_TEST (test_compare_sort_is_stable_under_shuffles),
    VALUE_TEST (test_compare_documented_order),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

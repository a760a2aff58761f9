/* test-binding.c: rdx_store_bind_property()
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <limits.h>
#include <string.h>

#include <rdx.h>

#include "bank-money.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

/* A target with one property of each kind. */

#define TEST_TYPE_TARGET (test_target_get_type ())
G_DECLARE_FINAL_TYPE (TestTarget, test_target, TEST, TARGET, GObject)

struct _TestTarget
{
  GObject   parent_instance;
  char     *text;
  int       number;
  gboolean  flag;
  double    ratio;
  RdxValue *value;
  GFileType mode;
  guint     n_sets;
};

enum
{
  PROP_0,
  PROP_TEXT,
  PROP_NUMBER,
  PROP_FLAG,
  PROP_RATIO,
  PROP_VALUE,
  PROP_MODE,
  PROP_READ_ONLY,
  PROP_CONSTRUCT_ONLY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TestTarget, test_target, G_TYPE_OBJECT)

static void
test_target_finalize (GObject *object)
{
  TestTarget *self = TEST_TARGET (object);

  g_free (self->text);
  g_clear_pointer (&self->value, rdx_value_unref);
  G_OBJECT_CLASS (test_target_parent_class)->finalize (object);
}

static void
test_target_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TestTarget *self = TEST_TARGET (object);

  switch (prop_id)
    {
      case PROP_TEXT:
        g_value_set_string (value, self->text);
        break;
      case PROP_NUMBER:
        g_value_set_int (value, self->number);
        break;
      case PROP_FLAG:
        g_value_set_boolean (value, self->flag);
        break;
      case PROP_RATIO:
        g_value_set_double (value, self->ratio);
        break;
      case PROP_VALUE:
        g_value_set_boxed (value, self->value);
        break;
      case PROP_MODE:
        g_value_set_enum (value, self->mode);
        break;
      case PROP_READ_ONLY:
      case PROP_CONSTRUCT_ONLY:
        g_value_set_string (value, "");
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_target_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TestTarget *self = TEST_TARGET (object);

  self->n_sets++;
  switch (prop_id)
    {
      case PROP_TEXT:
        g_free (self->text);
        self->text = g_value_dup_string (value);
        break;
      case PROP_NUMBER:
        self->number = g_value_get_int (value);
        break;
      case PROP_FLAG:
        self->flag = g_value_get_boolean (value);
        break;
      case PROP_RATIO:
        self->ratio = g_value_get_double (value);
        break;
      case PROP_VALUE:
        g_clear_pointer (&self->value, rdx_value_unref);
        self->value = g_value_dup_boxed (value);
        break;
      case PROP_MODE:
        self->mode = g_value_get_enum (value);
        break;
      case PROP_CONSTRUCT_ONLY:
        self->n_sets--;
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_target_class_init (TestTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = test_target_finalize;
  object_class->get_property = test_target_get_property;
  object_class->set_property = test_target_set_property;

  g_object_class_install_property (object_class, PROP_TEXT,
                                   g_param_spec_string ("text", NULL, NULL, "default", flags));
  g_object_class_install_property (object_class, PROP_NUMBER,
                                   g_param_spec_int ("number", NULL, NULL, -100, 100, 7, flags));
  g_object_class_install_property (object_class, PROP_FLAG,
                                   g_param_spec_boolean ("flag", NULL, NULL, FALSE, flags));
  g_object_class_install_property (
    object_class, PROP_RATIO,
    g_param_spec_double ("ratio", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags));
  g_object_class_install_property (object_class, PROP_VALUE,
                                   g_param_spec_boxed ("value", NULL, NULL, RDX_TYPE_VALUE, flags));
  g_object_class_install_property (
    object_class, PROP_MODE,
    g_param_spec_enum ("mode", NULL, NULL, G_TYPE_FILE_TYPE, G_FILE_TYPE_UNKNOWN, flags));
  g_object_class_install_property (
    object_class, PROP_READ_ONLY,
    g_param_spec_string ("read-only", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
    object_class, PROP_CONSTRUCT_ONLY,
    g_param_spec_string ("construct-only", NULL, NULL, NULL, flags | G_PARAM_CONSTRUCT_ONLY));
}

static void
test_target_init (TestTarget *self)
{
  self->text = g_strdup ("default");
  self->number = 7;
}

/* The store: "set" sets payload.value at payload.path. */

static RdxValue *
set_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);

  if (!rdx_action_is (action, "set"))
    return rdx_value_ref (state);
  return rdx_value_set_path (state, rdx_value_get_string (rdx_map_get (payload, "path")),
                             rdx_map_get (payload, "value"), error);
}

static RdxStore *
make_store (const char *json)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (set_reducer, NULL, NULL);
  g_autoptr (RdxValue) state = rdx_value_from_json (json, -1, NULL);

  return rdx_store_new (reducer, state);
}

static void
set (RdxStore *store, const char *path, const char *json)
{
  g_autoptr (RdxValue) value = rdx_value_from_json (json, -1, NULL);
  g_autoptr (RdxValue) payload = NULL;
  g_autoptr (GError) error = NULL;

  assert_non_null (value);
  payload =
    rdx_map_new_take ("path", rdx_value_new_string (path), "value", rdx_value_ref (value), NULL);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("set", payload), &error));
}

#define VALUE_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

typedef struct
{
  RdxStore   *store;
  TestTarget *target;
  gpointer    weak_store;
  gpointer    weak_target;
} Fixture;

static void
fixture_init (Fixture *f, const char *json)
{
  f->store = make_store (json);
  f->target = g_object_new (TEST_TYPE_TARGET, NULL);
  f->weak_store = f->store;
  f->weak_target = f->target;
  g_object_add_weak_pointer (G_OBJECT (f->store), &f->weak_store);
  g_object_add_weak_pointer (G_OBJECT (f->target), &f->weak_target);
}

static void
fixture_finish (Fixture *f)
{
  g_clear_object (&f->target);
  rdx_assert_finalized (f->weak_target);
  g_clear_object (&f->store);
  rdx_assert_finalized (f->weak_store);
}

static guint
bind_path (Fixture *f, const char *path, const char *property)
{
  g_autoptr (RdxSelector) selector = rdx_selector_new_path (path);

  return rdx_store_bind_property (f->store, selector, f->target, property);
}

static void
test_bind_follows_state (void **state)
{
  Fixture f;
  guint   id;

  fixture_init (&f, "{\"name\":\"Ada\",\"n\":3,\"other\":0}");

  /* Set at once, then after each change, and only then. */
  id = bind_path (&f, "/name", "text");
  assert_true (id > 0);
  assert_string_equal (f.target->text, "Ada");
  assert_int_equal (f.target->n_sets, 1);
  set (f.store, "/other", "1");
  set (f.store, "/name", "\"Ada\"");
  assert_int_equal (f.target->n_sets, 1);
  set (f.store, "/name", "\"Grace\"");
  assert_string_equal (f.target->text, "Grace");
  assert_int_equal (f.target->n_sets, 2);

  /* A path that goes away: the property's default. */
  set (f.store, "", "{\"n\":3}");
  assert_string_equal (f.target->text, "default");

  /* Unbound: no longer followed. */
  rdx_store_unwatch (f.store, id);
  set (f.store, "/name", "\"Lin\"");
  assert_string_equal (f.target->text, "default");

  fixture_finish (&f);
}

static void
test_conversions (void **state)
{
  RdxTestLog log;
  Fixture    f;

  fixture_init (&f, "{\"n\":3,\"b\":true,\"d\":0.5,\"v\":[1],\"m\":\"directory\",\"s\":\"x\"}");

  bind_path (&f, "/n", "number");
  bind_path (&f, "/b", "flag");
  bind_path (&f, "/d", "ratio");
  bind_path (&f, "/v", "value");
  bind_path (&f, "/m", "mode");
  assert_int_equal (f.target->number, 3);
  assert_true (f.target->flag);
  assert_true (f.target->ratio == 0.5);
  assert_ptr_equal (f.target->value, rdx_value_get_path (rdx_store_get_state (f.store), "/v"));
  assert_int_equal (f.target->mode, G_FILE_TYPE_DIRECTORY);

  set (f.store, "/m", "1"); /* G_FILE_TYPE_REGULAR */
  set (f.store, "/d", "2");
  assert_int_equal (f.target->mode, G_FILE_TYPE_REGULAR);
  assert_true (f.target->ratio == 2.0);

  /* What does not fit leaves the property alone, with one warning. */
  rdx_test_log_begin (&log);
  set (f.store, "/n", "\"many\"");
  set (f.store, "/n", "1000"); /* out of the property's range */
  assert_int_equal (f.target->number, 3);
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "\"number\""));
  assert_non_null (strstr (log.text->str, "transform"));
  rdx_test_log_end (&log);
  set (f.store, "/n", "-5");
  assert_int_equal (f.target->number, -5);

  /* Anything shows as a string: JSON for what is not a string. */
  bind_path (&f, "/v", "text");
  assert_string_equal (f.target->text, "[1]");
  set (f.store, "/v", "null");
  assert_null (f.target->text);
  assert_true (rdx_value_is_null (f.target->value));

  fixture_finish (&f);
}

static void
test_value_to_gvalue (void **state)
{
  g_auto (GValue) v = G_VALUE_INIT;
  g_autoptr (RdxValue) big = rdx_value_new_int (G_GINT64_CONSTANT (1) << 40);
  g_autoptr (RdxValue) minus = rdx_value_new_int (-1);
  g_autoptr (RdxValue) text = rdx_value_new_string ("hi");
  g_autoptr (RdxValue) yes = rdx_value_new_bool (TRUE);
  g_autoptr (RdxValue) map = rdx_value_from_json ("{\"a\":1}", -1, NULL);

  g_value_init (&v, G_TYPE_UINT);
  assert_false (rdx_value_to_gvalue (minus, &v));
  assert_false (rdx_value_to_gvalue (big, &v));
  assert_false (rdx_value_to_gvalue (yes, &v));
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_INT64);
  assert_true (rdx_value_to_gvalue (big, &v));
  assert_true (g_value_get_int64 (&v) == G_GINT64_CONSTANT (1) << 40);
  assert_true (rdx_value_to_gvalue (NULL, &v));
  assert_true (g_value_get_int64 (&v) == 0);
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_UCHAR);
  assert_false (rdx_value_to_gvalue (minus, &v));
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_BOOLEAN);
  assert_true (rdx_value_to_gvalue (yes, &v));
  assert_true (g_value_get_boolean (&v));
  assert_false (rdx_value_to_gvalue (text, &v));
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_STRING);
  assert_true (rdx_value_to_gvalue (map, &v));
  assert_string_equal (g_value_get_string (&v), "{\"a\":1}");
  assert_true (rdx_value_to_gvalue (text, &v));
  assert_string_equal (g_value_get_string (&v), "hi");
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_VARIANT);
  assert_true (rdx_value_to_gvalue (text, &v));
  assert_string_equal (g_variant_get_string (g_value_get_variant (&v), NULL), "hi");
  g_value_unset (&v);

  g_value_init (&v, G_TYPE_OBJECT);
  assert_false (rdx_value_to_gvalue (text, &v));
}

/* Floating types take only what they hold exactly: a cent lost to rounding
 * would be a wrong balance. */
static void
test_value_to_gvalue_exact (void **state)
{
  g_auto (GValue) d = G_VALUE_INIT;
  g_auto (GValue) f = G_VALUE_INIT;
  g_autoptr (RdxValue) two53 = rdx_value_new_int (G_GINT64_CONSTANT (1) << 53);
  g_autoptr (RdxValue) two53_1 = rdx_value_new_int ((G_GINT64_CONSTANT (1) << 53) + 1);
  g_autoptr (RdxValue) two24 = rdx_value_new_int (16777216);
  g_autoptr (RdxValue) two24_1 = rdx_value_new_int (16777217);
  g_autoptr (RdxValue) huge = rdx_value_new_double (1e300);
  g_autoptr (RdxValue) tenth = rdx_value_new_double (0.1);
  g_autoptr (RdxValue) half = rdx_value_new_double (0.5);

  g_value_init (&d, G_TYPE_DOUBLE);
  assert_true (rdx_value_to_gvalue (two53, &d));
  assert_true (g_value_get_double (&d) == 9007199254740992.0);
  assert_false (rdx_value_to_gvalue (two53_1, &d));
  assert_true (rdx_value_to_gvalue (huge, &d));

  g_value_init (&f, G_TYPE_FLOAT);
  assert_true (rdx_value_to_gvalue (two24, &f));
  assert_true (g_value_get_float (&f) == 16777216.0f);
  assert_false (rdx_value_to_gvalue (two24_1, &f));
  assert_false (rdx_value_to_gvalue (huge, &f));
  assert_false (rdx_value_to_gvalue (tenth, &f));
  assert_true (rdx_value_to_gvalue (half, &f));
  assert_true (g_value_get_float (&f) == 0.5f);
}

/* Lifetimes */

static void
count_destroy (gpointer data)
{
  (*(guint *) data)++;
}

static gboolean
upper_cb (RdxValue *value, GValue *to_value, gpointer user_data)
{
  if (value == NULL || rdx_value_get_kind (value) != RDX_VALUE_STRING)
    return FALSE;
  g_value_take_string (to_value, g_ascii_strup (rdx_value_get_string (value), -1));
  return TRUE;
}

static void
test_target_dies_first (void **state)
{
  g_autoptr (RdxSelector) name = rdx_selector_new_path ("/name");
  guint   destroyed = 0;
  Fixture f;

  fixture_init (&f, "{\"name\":\"ada\"}");
  rdx_store_bind_property_full (f.store, name, f.target, "text", upper_cb, &destroyed,
                                count_destroy);
  assert_string_equal (f.target->text, "ADA");

  /* The binding does not keep the target alive, and goes with it. */
  g_clear_object (&f.target);
  rdx_assert_finalized (f.weak_target);
  assert_int_equal (destroyed, 1);
  set (f.store, "/name", "\"grace\"");

  fixture_finish (&f);
  assert_int_equal (destroyed, 1);
}

static void
test_store_dies_first (void **state)
{
  g_autoptr (RdxSelector) name = rdx_selector_new_path ("/name");
  guint   destroyed = 0;
  Fixture f;

  fixture_init (&f, "{\"name\":\"ada\"}");
  rdx_store_bind_property_full (f.store, name, f.target, "text", upper_cb, &destroyed,
                                count_destroy);

  /* The binding goes with the store, and lets go of the target. */
  g_clear_object (&f.store);
  rdx_assert_finalized (f.weak_store);
  assert_int_equal (destroyed, 1);
  assert_string_equal (f.target->text, "ADA");

  fixture_finish (&f);
  assert_int_equal (destroyed, 1);
}

/* Unbinding from a notify handler of the target, and destroying it there. */

typedef struct
{
  RdxStore *store;
  guint     id;
} Unbinder;

static void
text_notify_cb (GObject *object, GParamSpec *pspec, Unbinder *unbinder)
{
  rdx_store_unwatch (unbinder->store, unbinder->id);
}

static void
test_unbind_from_notify (void **state)
{
  g_autoptr (RdxSelector) name = rdx_selector_new_path ("/name");
  Unbinder unbinder;
  Fixture  f;

  fixture_init (&f, "{\"name\":\"ada\"}");
  unbinder.store = f.store;
  unbinder.id = rdx_store_bind_property (f.store, name, f.target, "text");
  g_signal_connect (f.target, "notify::text", G_CALLBACK (text_notify_cb), &unbinder);

  set (f.store, "/name", "\"grace\"");
  assert_string_equal (f.target->text, "grace");
  set (f.store, "/name", "\"lin\"");
  assert_string_equal (f.target->text, "grace");

  fixture_finish (&f);
}

static void
test_bind_misuse (void **state)
{
  g_autoptr (RdxSelector) name = rdx_selector_new_path ("/name");
  RdxTestLog log;
  Fixture    f;

  fixture_init (&f, "{\"name\":\"ada\"}");
  rdx_test_log_begin (&log);
  assert_int_equal (rdx_store_bind_property (f.store, name, f.target, "nope"), 0);
  assert_int_equal (rdx_store_bind_property (f.store, name, f.target, "read-only"), 0);
  assert_int_equal (rdx_store_bind_property (f.store, name, f.target, "construct-only"), 0);
  assert_int_equal (rdx_store_bind_property (f.store, name, NULL, "text"), 0);
  assert_int_equal (log.n_criticals, 4);
  assert_non_null (strstr (log.text->str, "\"nope\""));
  rdx_test_log_end (&log);
  assert_int_equal (f.target->n_sets, 0);
  fixture_finish (&f);
}

/* Money: the bank's transform in a binding */

static void
test_money_binding (void **state)
{
  g_autoptr (RdxSelector) balance = rdx_selector_new_path ("/balance");
  g_autofree char *expected = NULL;
  Fixture          f;

  fixture_init (&f, "{\"balance\":123456}");
  rdx_store_bind_property_full (f.store, balance, f.target, "text", bank_transform_money,
                                (gpointer) "€", NULL);
  expected = bank_format_money (123456, "€");
  assert_string_equal (f.target->text, expected);
  g_clear_pointer (&expected, g_free);

  set (f.store, "/balance", "-5");
  expected = bank_format_money (-5, "€");
  assert_string_equal (f.target->text, expected);

  /* Gone: empty. Not a number: left alone. */
  set (f.store, "", "{}");
  assert_string_equal (f.target->text, "");
  set (f.store, "/balance", "1.5");
  assert_string_equal (f.target->text, "");

  fixture_finish (&f);
}

int
main (void)
{
  /* clang-format off */
  const struct CMUnitTest tests[] = {
    VALUE_TEST (test_bind_follows_state),
    VALUE_TEST (test_conversions),
    VALUE_TEST (test_value_to_gvalue),
    VALUE_TEST (test_value_to_gvalue_exact),
    VALUE_TEST (test_target_dies_first),
    VALUE_TEST (test_store_dies_first),
    VALUE_TEST (test_unbind_from_notify),
    VALUE_TEST (test_bind_misuse),
    VALUE_TEST (test_money_binding),
  };
  /* clang-format on */

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}

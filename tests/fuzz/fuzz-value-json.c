/* fuzz-value-json.c: libFuzzer target for rdx_value_from_json()
 *
 * For every input:
 * - parsing must not crash, leak (the live value count must come back to
 *   where it was) or read past the input, which is not nul-terminated;
 * - a refusal must be an RDX_VALUE_ERROR whose UTF-8 message names the line
 *   and the column;
 * - an accepted value, written with rdx_value_to_json() and read back, must
 *   be equal, and written again must give identical bytes;
 * - it must also come back equal from GVariant and from JsonNode;
 * - a document accepted under a small depth limit must be accepted, equal,
 *   under the default one.
 *
 * See meson.build in this folder for how to build and run it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rdx-value-private.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Aborts, so that libFuzzer saves the input, when @condition is false. */
#define fuzz_check(condition, ...) \
  G_STMT_START                     \
  {                                \
    if (!(condition))              \
      {                            \
        g_printerr (__VA_ARGS__);  \
        g_printerr ("\n");         \
        abort ();                  \
      }                            \
  }                                \
  G_STMT_END

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical from the library means it was misused or broke a
   * precondition: that is a finding too. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  rdx_value_set_counting_for_testing (TRUE);
  return 0;
}

static void
check_refusal (const GError *error)
{
  fuzz_check (error != NULL, "refused without an error");
  fuzz_check (error->domain == RDX_VALUE_ERROR, "error in the wrong domain");
  fuzz_check (g_utf8_validate (error->message, -1, NULL), "error message is not UTF-8");
  fuzz_check (strncmp (error->message, "line ", 5) == 0 && strstr (error->message, ", column "),
              "error message without a position: %s", error->message);
}

static void
check_json_round_trip (RdxValue *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) again = NULL;
  g_autofree char *json = rdx_value_to_json (value);
  g_autofree char *json_again = NULL;

  again = rdx_value_from_json (json, -1, &error);
  fuzz_check (again != NULL, "canonical output %s does not parse: %s", json, error->message);
  fuzz_check (rdx_value_equal (value, again), "round trip changed the value: %s", json);
  fuzz_check (rdx_value_hash (value) == rdx_value_hash (again), "equal values hash apart: %s",
              json);

  json_again = rdx_value_to_json (again);
  fuzz_check (strcmp (json, json_again) == 0, "output is not canonical:\n%s\n%s", json, json_again);
}

static void
check_variant_round_trip (RdxValue *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) variant = g_variant_ref_sink (rdx_value_to_variant (value));
  g_autoptr (RdxValue) back = rdx_value_from_variant (variant, &error);

  fuzz_check (back != NULL, "GVariant round trip failed: %s", error->message);
  fuzz_check (rdx_value_equal (value, back), "GVariant round trip changed the value");
}

static void
check_node_round_trip (RdxValue *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = rdx_value_to_json_node (value);
  g_autoptr (RdxValue) back = rdx_value_from_json_node (node, &error);

  fuzz_check (back != NULL, "JsonNode round trip failed: %s", error->message);
  fuzz_check (rdx_value_equal (value, back), "JsonNode round trip changed the value");
}

static void
check_depth_limits (const char *text, gsize size, RdxValue *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) shallow = rdx_value_from_json_full (text, (gssize) size, 4, size, &error);

  if (shallow == NULL)
    {
      check_refusal (error);
      fuzz_check (value == NULL || error->code == RDX_VALUE_ERROR_TOO_DEEP,
                  "refused under a small depth limit for another reason: %s", error->message);
      return;
    }
  fuzz_check (value != NULL && rdx_value_equal (shallow, value),
              "accepted under a small depth limit only");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  gint        live = rdx_value_get_live_count_for_testing ();

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (RdxValue) value = rdx_value_from_json (text, (gssize) size, &error);

    if (value == NULL)
      {
        check_refusal (error);
      }
    else
      {
        fuzz_check (error == NULL, "accepted with an error set");
        check_json_round_trip (value);
        check_variant_round_trip (value);
        check_node_round_trip (value);
      }
    check_depth_limits (text, size, value);
  }

  fuzz_check (rdx_value_get_live_count_for_testing () == live, "%d values leaked",
              rdx_value_get_live_count_for_testing () - live);
  return 0;
}

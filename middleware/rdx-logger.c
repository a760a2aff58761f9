/* rdx-logger.c: a structured log record for each dispatched action
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-locale-private.h"
#include "rdx-logger-private.h"

#include <string.h>

/**
 * SECTION:rdx-logger
 *
 * The logger is a middleware that writes one structured record
 * (g_log_structured_array(), log domain "rdx") for each action that passes
 * it. What the reducer did with it the logger learns from the store: it
 * passes each action on with rdx_dispatch_next_observe(), which reports the
 * action as the reducer saw it, the states before and after, and the
 * reducer's time, whatever middleware did between the logger and the
 * reducer. The fields:
 *
 * - `MESSAGE`: the record as text, collapsed or detailed (#RdxLoggerFormat)
 * - `RDX_ACTION`: the action type, as the reducer saw it (an inner
 *   middleware may have replaced the action that passed the logger)
 * - `RDX_SEQUENCE`: the action's sequence number in the store (0 when it
 *   never reached the reducer)
 * - `RDX_DURATION_US`: the reducer's own time in microseconds, measured by
 *   the store around the reducer call; for an action the reducer never saw
 *   (swallowed, or refused by a middleware), the time the rest of the chain
 *   took
 * - `RDX_OUTCOME`: `changed`, `unchanged`, `refused` (a middleware or the
 *   reducer failed; see `RDX_ERROR`) or `swallowed` (a middleware handled
 *   the action without passing it on)
 * - `RDX_PAYLOAD`: the payload (of the action as the reducer saw it) as
 *   compact JSON, redacted and cut to the length limit
 * - `RDX_CHANGED`: the changed paths as a JSON array of JSON Pointers, found
 *   with rdx_value_diff(), so the cost follows the size of the change, not of
 *   the state; at most the path limit, with `RDX_CHANGED_TRUNCATED=true`
 *   when there were more
 * - `RDX_DIFF` (detailed form only): one line per changed path,
 *   `path: before → after`
 * - `RDX_ERROR`: the error message of a refused action
 *
 * A logger is off unless asked for: the environment variable `RDX_LOG` (read
 * when the logger is made) turns it on (`RDX_LOG=1`, or `RDX_LOG=detailed`
 * for the detailed form), and rdx_logger_set_enabled() overrides that. Off,
 * it only passes actions on: the store does not time the reducer for it.
 */

#define DEFAULT_MAX_PATHS  32
#define DEFAULT_MAX_LENGTH 200
#define MAX_RENDER_DEPTH   32
#define SORTED_KEYS_LIMIT  32

struct _RdxLogger
{
  GObject parent_instance;

  RdxMiddleware *middleware; /* owned; sees the logger as its user data */

  /* Options */
  gboolean            enabled;
  RdxLoggerFormat     format;
  GLogLevelFlags      level;
  guint               max_paths;
  guint               max_length;
  RdxLoggerSkipFunc   skip;
  gpointer            skip_data;
  GDestroyNotify      skip_destroy;
  RdxLoggerRedactFunc redact;
  gpointer            redact_data;
  GDestroyNotify      redact_destroy;
  GHashTable         *secret_keys; /* owned strings; NULL when none */

  /* The store it logs for: borrowed, from setup to teardown, which keeps
   * the logger alive meanwhile */
  RdxStore *store;

  RdxLoggerCounters counters;
};

G_DEFINE_FINAL_TYPE (RdxLogger, rdx_logger, G_TYPE_OBJECT)

static void
logger_setup_cb (RdxStore *store, gpointer user_data)
{
  RdxLogger *self = user_data;

  if (self->store != NULL)
    {
      g_critical ("An rdx logger was given to a second store. It logs for the first one only: "
                  "make one logger per store with rdx_logger_new().");
      return;
    }

  self->store = store;
  g_object_ref (self);
}

static void
logger_teardown_cb (RdxStore *store, gpointer user_data)
{
  RdxLogger *self = user_data;

  if (store != self->store)
    return;
  self->store = NULL;
  g_object_unref (self);
}

/* Writing values as bounded JSON text */

typedef struct
{
  RdxLogger *self;
  GString   *out;
  gsize      limit; /* stop writing once out->len reaches this */
  gboolean   truncated;
} Writer;

static gboolean
writer_full (Writer *w)
{
  if (w->out->len >= w->limit)
    w->truncated = TRUE;
  return w->truncated;
}

static void
write_json_string (Writer *w, const char *text, gsize length)
{
  const char *p = text, *end = text + length;

  g_string_append_c (w->out, '"');
  while (p < end && !writer_full (w))
    {
      guchar      c = (guchar) *p;
      const char *next;

      switch (c)
        {
          case '"':
            g_string_append (w->out, "\\\"");
            break;
          case '\\':
            g_string_append (w->out, "\\\\");
            break;
          case '\n':
            g_string_append (w->out, "\\n");
            break;
          case '\r':
            g_string_append (w->out, "\\r");
            break;
          case '\t':
            g_string_append (w->out, "\\t");
            break;
          default:
            if (c < 0x20)
              {
                g_string_append_printf (w->out, "\\u%04x", c);
                break;
              }
            /* Copy whole characters, so a cut never splits one. */
            next = g_utf8_next_char (p);
            g_string_append_len (w->out, p, MIN (next, end) - p);
            p = MIN (next, end);
            continue;
        }
      p++;
    }
  if (!w->truncated)
    g_string_append_c (w->out, '"');
}

static gboolean
is_secret_key (RdxLogger *self, const char *key)
{
  return self->secret_keys != NULL && g_hash_table_contains (self->secret_keys, key);
}

static void write_value (Writer *w, RdxValue *value, guint depth);

static void
write_entry (Writer *w, const char *key, RdxValue *value, guint depth, gboolean first)
{
  if (!first)
    g_string_append_c (w->out, ',');
  write_json_string (w, key, strlen (key));
  if (writer_full (w))
    return;
  g_string_append_c (w->out, ':');
  if (is_secret_key (w->self, key))
    g_string_append (w->out, "\"" RDX_LOGGER_REDACTED "\"");
  else
    write_value (w, value, depth + 1);
}

static void
write_map (Writer *w, RdxValue *map, guint depth)
{
  gboolean first = TRUE;

  g_string_append_c (w->out, '{');
  if (rdx_map_size (map) <= SORTED_KEYS_LIMIT)
    {
      /* Small maps in key order, as people read them. */
      g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (map);
      guint i;

      for (i = 0; i < keys->len && !writer_full (w); i++, first = FALSE)
        write_entry (w, keys->pdata[i], rdx_map_get (map, keys->pdata[i]), depth, first);
    }
  else
    {
      /* Big ones in their own (stable) order, without touching every key. */
      const char *key;
      RdxValue   *value;
      RdxMapIter  iter;

      rdx_map_iter_init (&iter, map);
      while (!writer_full (w) && rdx_map_iter_next (&iter, &key, &value))
        {
          write_entry (w, key, value, depth, first);
          first = FALSE;
        }
    }
  if (!writer_full (w))
    g_string_append_c (w->out, '}');
}

static void
write_list (Writer *w, RdxValue *list, guint depth)
{
  RdxListIter iter;
  RdxValue   *item;
  gboolean    first = TRUE;

  g_string_append_c (w->out, '[');
  rdx_list_iter_init (&iter, list);
  while (!writer_full (w) && rdx_list_iter_next (&iter, &item))
    {
      if (!first)
        g_string_append_c (w->out, ',');
      first = FALSE;
      write_value (w, item, depth + 1);
    }
  if (!writer_full (w))
    g_string_append_c (w->out, ']');
}

static void
write_value (Writer *w, RdxValue *value, guint depth)
{
  if (writer_full (w))
    return;
  w->self->counters.values_written++;
  if (depth > MAX_RENDER_DEPTH)
    {
      w->truncated = TRUE;
      return;
    }

  switch (rdx_value_get_kind (value))
    {
      case RDX_VALUE_STRING:
        write_json_string (w, rdx_value_get_string (value), rdx_value_get_string_length (value));
        break;
      case RDX_VALUE_LIST:
        write_list (w, value, depth);
        break;
      case RDX_VALUE_MAP:
        write_map (w, value, depth);
        break;
      case RDX_VALUE_NULL:
      case RDX_VALUE_BOOL:
      case RDX_VALUE_INT:
      case RDX_VALUE_DOUBLE:
      default:
        rdx_value_append_json (value, w->out);
        break;
    }
}

/* Whether a JSON Pointer runs through a key that is secret. */
static gboolean
path_has_secret_key (RdxLogger *self, const char *path)
{
  g_autoptr (GPtrArray) segments = NULL;
  guint i;

  if (self->secret_keys == NULL || *path == '\0')
    return FALSE;

  /* The diff writes well-formed pointers; anything else is kept out. */
  segments = rdx_path_split (path, NULL);
  if (segments == NULL)
    return TRUE;
  for (i = 0; i < segments->len; i++)
    if (is_secret_key (self, segments->pdata[i]))
      return TRUE;
  return FALSE;
}

/* Appends @value (the payload when @path is NULL) to @out as redacted JSON
 * of at most max_length bytes, cut with "…". */
static void
append_redacted (RdxLogger  *self,
                 RdxAction  *action,
                 const char *path,
                 RdxValue   *value,
                 GString    *out)
{
  g_autoptr (RdxValue) shown = NULL;
  Writer w = { self, out, out->len + self->max_length, FALSE };

  if (value == NULL)
    {
      g_string_append (out, "(none)");
      return;
    }
  if (path != NULL && path_has_secret_key (self, path))
    {
      g_string_append (out, "\"" RDX_LOGGER_REDACTED "\"");
      return;
    }

  shown = self->redact != NULL ? self->redact (action, path, value, self->redact_data)
                               : rdx_value_ref (value);
  if (shown == NULL)
    {
      g_string_append (out, "\"" RDX_LOGGER_REDACTED "\"");
      return;
    }
  write_value (&w, shown, 0);
  if (w.truncated)
    g_string_append (out, "…");
}

/* The record */

typedef struct
{
  RdxLogger *self;
  RdxAction *action;
  GString   *paths;   /* a JSON array, without its closing bracket */
  GString   *listing; /* the paths, for the collapsed message */
  GString   *diff;    /* the detailed form's lines */
  guint      n_paths;
  gboolean   truncated;
} Changes;

static gboolean
collect_change_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  Changes *c = user_data;
  Writer   w = { c->self, c->paths, G_MAXSIZE, FALSE };

  c->self->counters.diff_callbacks++;
  if (c->n_paths == c->self->max_paths)
    {
      c->truncated = TRUE;
      return FALSE;
    }

  if (c->n_paths++ > 0)
    {
      g_string_append_c (c->paths, ',');
      g_string_append (c->listing, ", ");
    }
  write_json_string (&w, path, strlen (path));
  g_string_append (c->listing, *path != '\0' ? path : "(root)");

  if (c->diff != NULL)
    {
      if (c->diff->len > 0)
        g_string_append_c (c->diff, '\n');
      g_string_append_printf (c->diff, "%s: ", *path != '\0' ? path : "(root)");
      append_redacted (c->self, c->action, path, old_value, c->diff);
      g_string_append (c->diff, " → ");
      append_redacted (c->self, c->action, path, new_value, c->diff);
    }
  return TRUE;
}

static const char *
priority_for_level (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_MESSAGE)
    return "5";
  if (level & G_LOG_LEVEL_INFO)
    return "6";
  return "7";
}

/* @run is what the reducer did with the action that passed the logger,
 * @passed (NULL when the reducer never ran); @duration the reducer's time,
 * or the rest of the chain's; @error why the dispatch failed, or why the
 * reducer refused the action. */
static void
write_record (RdxLogger        *self,
              RdxAction        *passed,
              const RdxOutcome *run,
              gint64            duration_us,
              const GError     *error)
{
  RdxAction *action = run != NULL ? rdx_outcome_get_action (run) : passed;
  g_autoptr (GString) payload = g_string_new (NULL);
  g_autoptr (GString) message = g_string_new (NULL);
  g_autofree char *sequence = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *local_message = NULL;
  Changes     changes = { self, action, g_string_new ("["), g_string_new (NULL), NULL, 0, FALSE };
  const char *outcome;
  GLogField   fields[12];
  gsize       n = 0;

  if (self->format == RDX_LOGGER_DETAILED)
    changes.diff = g_string_new (NULL);

  append_redacted (self, action, NULL, rdx_action_get_payload (action), payload);
  if (error != NULL)
    outcome = "refused";
  else if (run == NULL)
    outcome = "swallowed";
  else if (rdx_outcome_get_state_after (run) == rdx_outcome_get_state_before (run))
    outcome = "unchanged";
  else
    {
      outcome = "changed";
      rdx_value_diff (rdx_outcome_get_state_before (run), rdx_outcome_get_state_after (run),
                      collect_change_cb, &changes);
    }
  g_string_append_c (changes.paths, ']');

  sequence = g_strdup_printf ("%" G_GUINT64_FORMAT, rdx_action_get_sequence (action));
  duration = g_strdup_printf ("%" G_GINT64_FORMAT, duration_us);

  g_string_append_printf (message, "#%s %s %s (%s µs) ", sequence,
                          rdx_action_get_type_name (action), payload->str, duration);
  if (error != NULL)
    g_string_append_printf (message, "refused: %s", error->message);
  else if (changes.n_paths > 0)
    g_string_append_printf (message, "→ %s%s", changes.listing->str,
                            changes.truncated ? ", …" : "");
  else
    g_string_append (message, run == NULL ? "→ not reduced" : "→ no change");
  if (changes.diff != NULL && changes.diff->len > 0)
    {
      g_autofree char *indented = NULL;
      g_auto (GStrv) lines = g_strsplit (changes.diff->str, "\n", -1);

      indented = g_strjoinv ("\n  ", lines);
      g_string_append_printf (message, "\n  %s", indented);
    }

#define ADD_FIELD(k, v)                        \
  G_STMT_START                                 \
  {                                            \
    fields[n++] = (GLogField){ (k), (v), -1 }; \
  }                                            \
  G_STMT_END

  /* The message in the locale (GLib's writer would print "?" in place of
   * what the charset lacks); the other fields are data, as they are. */
  local_message = rdx_locale_text (message->str);

  ADD_FIELD ("GLIB_DOMAIN", G_LOG_DOMAIN);
  ADD_FIELD ("PRIORITY", priority_for_level (self->level));
  ADD_FIELD ("MESSAGE", local_message);
  ADD_FIELD ("RDX_ACTION", rdx_action_get_type_name (action));
  ADD_FIELD ("RDX_SEQUENCE", sequence);
  ADD_FIELD ("RDX_DURATION_US", duration);
  ADD_FIELD ("RDX_OUTCOME", outcome);
  ADD_FIELD ("RDX_PAYLOAD", payload->str);
  ADD_FIELD ("RDX_CHANGED", changes.paths->str);
  if (changes.truncated)
    ADD_FIELD ("RDX_CHANGED_TRUNCATED", "true");
  if (changes.diff != NULL)
    ADD_FIELD ("RDX_DIFF", changes.diff->str);
  if (error != NULL)
    ADD_FIELD ("RDX_ERROR", error->message);
#undef ADD_FIELD

  self->counters.records++;
  g_log_structured_array (self->level, fields, n);

  g_string_free (changes.paths, TRUE);
  g_string_free (changes.listing, TRUE);
  if (changes.diff != NULL)
    g_string_free (changes.diff, TRUE);
}

/* The middleware */

/* The run the action that passed the logger caused directly. A run nested
 * in it went through the logger again, and has a record of its own. */
static void
logger_outcome_cb (const RdxOutcome *outcome, gpointer user_data)
{
  RdxOutcome **run = user_data;

  if (rdx_outcome_is_direct (outcome) && *run == NULL)
    *run = rdx_outcome_copy (outcome);
}

static gboolean
logger_cb (RdxStore        *store,
           RdxAction       *action,
           RdxDispatchNext *next,
           gpointer         user_data,
           GError         **error)
{
  RdxLogger *self = user_data;
  g_autoptr (RdxOutcome) run = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64   start;
  gboolean ok;

  if (store != self->store || !self->enabled ||
      (self->skip != NULL && self->skip (action, self->skip_data)))
    return rdx_dispatch_next (next, action, error);

  start = g_get_monotonic_time ();
  ok = rdx_dispatch_next_observe (next, action, RDX_OBSERVE_TIMED, logger_outcome_cb, &run,
                                  &local_error);
  self->counters.observed += run != NULL;
  write_record (self, action, run,
                run != NULL ? rdx_outcome_get_duration (run) : g_get_monotonic_time () - start,
                local_error != NULL ? local_error
                : run != NULL       ? rdx_outcome_get_error (run)
                                    : NULL);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
env_enables_logging (const char *value)
{
  static const char *const off[] = { "", "0", "no", "off", "false" };
  guint                    i;

  if (value == NULL)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (off); i++)
    if (g_ascii_strcasecmp (value, off[i]) == 0)
      return FALSE;
  return TRUE;
}

static void
rdx_logger_finalize (GObject *object)
{
  RdxLogger *self = RDX_LOGGER (object);

  if (self->skip_destroy != NULL)
    self->skip_destroy (self->skip_data);
  if (self->redact_destroy != NULL)
    self->redact_destroy (self->redact_data);
  g_clear_pointer (&self->secret_keys, g_hash_table_unref);
  g_clear_pointer (&self->middleware, rdx_middleware_unref);

  G_OBJECT_CLASS (rdx_logger_parent_class)->finalize (object);
}

static void
rdx_logger_class_init (RdxLoggerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rdx_logger_finalize;
}

static void
rdx_logger_init (RdxLogger *self)
{
  const char *env = g_getenv ("RDX_LOG");

  self->enabled = env_enables_logging (env);
  self->format = env != NULL && g_ascii_strcasecmp (env, "detailed") == 0 ? RDX_LOGGER_DETAILED
                                                                          : RDX_LOGGER_COLLAPSED;
  self->level = G_LOG_LEVEL_MESSAGE;
  self->max_paths = DEFAULT_MAX_PATHS;
  self->max_length = DEFAULT_MAX_LENGTH;
  self->middleware = rdx_middleware_new_for_object (logger_cb, self);
  rdx_middleware_set_hooks (self->middleware, logger_setup_cb, logger_teardown_cb);
}

/**
 * rdx_logger_new:
 *
 * Makes a logger. Its middleware (rdx_logger_get_middleware()) writes a
 * record for each action that passes it, with what the reducer did with
 * it: the action as the reducer saw it, its changes and the reducer's own
 * time, wherever the logger stands in the chain. Put it last (innermost),
 * as with redux-logger, to have records only for the actions other
 * middleware pass on; earlier, it also writes records for the actions they
 * swallow or refuse.
 *
 * It is off unless asked for: the environment variable `RDX_LOG` turns it on
 * (`1`, or `detailed` for the detailed form; `0`, `no`, `off` or empty keep
 * it off), read now; rdx_logger_set_enabled() overrides that. A logger
 * serves one store. Records are written at %G_LOG_LEVEL_MESSAGE unless
 * rdx_logger_set_level() says otherwise.
 *
 * Configure it before making the store, or on the store's thread.
 *
 * Returns: (transfer full): a new logger
 */
RdxLogger *
rdx_logger_new (void)
{
  return g_object_new (RDX_TYPE_LOGGER, NULL);
}

/**
 * rdx_logger_get_middleware:
 * @self: a logger
 *
 * The middleware to give rdx_store_new_with_middleware(). A store made
 * with it keeps the logger alive until the store is disposed.
 *
 * Returns: (transfer none): the logger's middleware
 */
RdxMiddleware *
rdx_logger_get_middleware (RdxLogger *self)
{
  g_return_val_if_fail (RDX_IS_LOGGER (self), NULL);

  return self->middleware;
}

/**
 * rdx_logger_set_enabled:
 * @self: a logger
 * @enabled: whether to write records
 *
 * Turns the logger on or off, whatever `RDX_LOG` said. A logger that is off
 * costs one function call per action (the middleware passing it on): it
 * does not observe what the reducer does, so the store does not time the
 * reducer for it.
 *
 * The switch applies to the actions that reach the logger from then on:
 * called during a dispatch (from a listener, a middleware after the logger,
 * an outcome callback), the action in flight keeps its record (or goes
 * without one), and an action dispatched after the switch, even from
 * within that dispatch, follows it.
 */
void
rdx_logger_set_enabled (RdxLogger *self, gboolean enabled)
{
  g_return_if_fail (RDX_IS_LOGGER (self));

  self->enabled = !!enabled;
}

/**
 * rdx_logger_get_enabled:
 * @self: a logger
 *
 * Returns: whether @self writes records
 */
gboolean
rdx_logger_get_enabled (RdxLogger *self)
{
  g_return_val_if_fail (RDX_IS_LOGGER (self), FALSE);

  return self->enabled;
}

/**
 * rdx_logger_set_format:
 * @self: a logger
 * @format: collapsed (one line) or detailed (before and after values)
 *
 * Chooses how records are written.
 */
void
rdx_logger_set_format (RdxLogger *self, RdxLoggerFormat format)
{
  g_return_if_fail (RDX_IS_LOGGER (self));
  g_return_if_fail (format == RDX_LOGGER_COLLAPSED || format == RDX_LOGGER_DETAILED);

  self->format = format;
}

/**
 * rdx_logger_set_level:
 * @self: a logger
 * @level: %G_LOG_LEVEL_MESSAGE (the default), %G_LOG_LEVEL_INFO or
 *   %G_LOG_LEVEL_DEBUG
 *
 * Sets the level of the records. GLib's default writer shows info and debug
 * records only for the domains named in `G_MESSAGES_DEBUG` (here `rdx`).
 */
void
rdx_logger_set_level (RdxLogger *self, GLogLevelFlags level)
{
  g_return_if_fail (RDX_IS_LOGGER (self));
  g_return_if_fail (level == G_LOG_LEVEL_MESSAGE || level == G_LOG_LEVEL_INFO ||
                    level == G_LOG_LEVEL_DEBUG);

  self->level = level;
}

/**
 * rdx_logger_set_limits:
 * @self: a logger
 * @max_paths: the most changed paths a record lists (at least 1; default 32)
 * @max_value_length: the most bytes of JSON written for the payload and for
 *   each value of the detailed form (at least 16; default 200)
 *
 * Bounds the size, and so the cost, of each record: the logger stops the
 * diff after @max_paths changes, and stops writing a value at the limit.
 */
void
rdx_logger_set_limits (RdxLogger *self, guint max_paths, guint max_value_length)
{
  g_return_if_fail (RDX_IS_LOGGER (self));
  g_return_if_fail (max_paths >= 1);
  g_return_if_fail (max_value_length >= 16);

  self->max_paths = max_paths;
  self->max_length = max_value_length;
}

/* Sets a callback's data and destroy notify, freeing the data it had. */
static void
replace_user_data (gpointer       *data,
                   GDestroyNotify *destroy,
                   gpointer        new_data,
                   GDestroyNotify  new_destroy)
{
  gpointer       old_data = *data;
  GDestroyNotify old_destroy = *destroy;

  *data = new_data;
  *destroy = new_destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * rdx_logger_set_skip_func:
 * @self: a logger
 * @func: (nullable): returns %TRUE for actions to leave out
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the function is replaced or
 *   the logger freed
 *
 * Leaves some actions out of the log (high-frequency UI actions, say):
 * no record is written for them, and their changes are not counted in the
 * record of an action they are nested in.
 */
void
rdx_logger_set_skip_func (RdxLogger        *self,
                          RdxLoggerSkipFunc func,
                          gpointer          user_data,
                          GDestroyNotify    destroy)
{
  g_return_if_fail (RDX_IS_LOGGER (self));

  self->skip = func;
  replace_user_data (&self->skip_data, &self->skip_destroy, user_data, destroy);
}

/**
 * rdx_logger_set_redact_func:
 * @self: a logger
 * @func: (nullable): rewrites payloads and state values before they are
 *   written
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the function is replaced or
 *   the logger freed
 *
 * Sets a function that every payload, and in the detailed form every value
 * before and after a change, goes through before it is written. Keys named
 * with rdx_logger_redact_key() are hidden in what it returns as well.
 *
 * Changed paths are written as they are: keep secrets out of map keys (key
 * accounts by an id, not by their number).
 */
void
rdx_logger_set_redact_func (RdxLogger          *self,
                            RdxLoggerRedactFunc func,
                            gpointer            user_data,
                            GDestroyNotify      destroy)
{
  g_return_if_fail (RDX_IS_LOGGER (self));

  self->redact = func;
  replace_user_data (&self->redact_data, &self->redact_destroy, user_data, destroy);
}

/**
 * rdx_logger_redact_key:
 * @self: a logger
 * @key: a map key, such as "account_number"
 *
 * Hides the value of every map entry named @key, at any depth, in payloads
 * and in the detailed form's values, and the values of changed paths that
 * run through such a key: the logger writes %RDX_LOGGER_REDACTED instead.
 */
void
rdx_logger_redact_key (RdxLogger *self, const char *key)
{
  g_return_if_fail (RDX_IS_LOGGER (self));
  g_return_if_fail (key != NULL);

  if (self->secret_keys == NULL)
    self->secret_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (self->secret_keys, g_strdup (key));
}

void
rdx_logger_get_counters_for_testing (RdxLogger *self, RdxLoggerCounters *counters)
{
  g_return_if_fail (RDX_IS_LOGGER (self));

  *counters = self->counters;
}

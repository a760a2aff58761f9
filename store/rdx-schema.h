/* rdx-schema.h: declarative descriptions of payloads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

/**
 * RdxSchemaError:
 * @RDX_SCHEMA_ERROR_SYNTAX: the text of a schema is malformed
 * @RDX_SCHEMA_ERROR_KIND: a value of the wrong kind (a string where an
 *   integer belongs)
 * @RDX_SCHEMA_ERROR_RANGE: a number, or the length of a string or a list,
 *   out of its range
 * @RDX_SCHEMA_ERROR_NOT_ALLOWED: a string that is not one of the allowed
 *   ones
 * @RDX_SCHEMA_ERROR_MISSING: a required field (or a looked-up path) is
 *   missing
 * @RDX_SCHEMA_ERROR_UNKNOWN_FIELD: a map holds a key its schema does not
 *   name
 * @RDX_SCHEMA_ERROR_UNKNOWN_TYPE: an action type the reducer does not
 *   declare
 *
 * Errors in the %RDX_SCHEMA_ERROR domain.
 */
typedef enum
{
  RDX_SCHEMA_ERROR_SYNTAX,
  RDX_SCHEMA_ERROR_KIND,
  RDX_SCHEMA_ERROR_RANGE,
  RDX_SCHEMA_ERROR_NOT_ALLOWED,
  RDX_SCHEMA_ERROR_MISSING,
  RDX_SCHEMA_ERROR_UNKNOWN_FIELD,
  RDX_SCHEMA_ERROR_UNKNOWN_TYPE,
} RdxSchemaError;

/**
 * rdx_schema_error_quark:
 *
 * The error domain of schemas and slices, %RDX_SCHEMA_ERROR: its codes are [error@Rdx.SchemaError].
 *
 * Returns: the domain's quark
 */
#define RDX_SCHEMA_ERROR (rdx_schema_error_quark ())
GQuark rdx_schema_error_quark (void);

#define RDX_TYPE_SCHEMA (rdx_schema_get_type ())
GType rdx_schema_get_type (void) G_GNUC_CONST;

RdxSchema *rdx_schema_new (const char *text, GError **error);
RdxSchema *rdx_schema_ref (RdxSchema *self);
void       rdx_schema_unref (RdxSchema *self);
gboolean   rdx_schema_validate (const RdxSchema *schema, RdxValue *value, GError **error);
char      *rdx_schema_to_string (const RdxSchema *schema);
char      *rdx_schema_describe (const RdxSchema *schema);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxSchema, rdx_schema_unref)

G_END_DECLS

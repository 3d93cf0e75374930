import { Type, type Static } from 'typebox';

// The `enum` keyword keeps a closed vocabulary to one schema node, so a bad value yields exactly one
// error that the error handler can render in CM's format: `'x' is not one of ['a', 'b']`.
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
) {
  return Type.Unsafe<T[number]>({ enum: [...values], ...options });
}

export const RESOURCE_NAME_PATTERN = '^[A-Za-z0-9_-]{1,256}$';
export const ResourceName = Type.String({ pattern: RESOURCE_NAME_PATTERN });

export const Hex16 = Type.String({ pattern: '^[0-9a-f]{16}$' });
export type Hex16 = Static<typeof Hex16>;

/** RFC 3339 UTC with six fractional digits on output; any RFC 3339 form on input (api.md §3.9.1). */
export const Timestamp = Type.String({
  description: 'RFC 3339 timestamp, e.g. 2024-03-05T09:12:44.031200Z',
});
export type Timestamp = Static<typeof Timestamp>;

export const PermissionList = Type.Array(Type.String({ minLength: 1, maxLength: 256 }), {
  maxItems: 1024,
});
export const OrganisationPermissions = Type.Record(Type.String(), PermissionList);

/** Query flags: `true`/`false`/`1`/`0` (api.md §3.3). */
export const QueryBoolean = Type.Union([
  Type.Boolean(),
  Type.Literal('true'),
  Type.Literal('false'),
  Type.Literal('1'),
  Type.Literal('0'),
]);

export function queryFlag(
  value: Static<typeof QueryBoolean> | undefined,
  fallback = false,
): boolean {
  if (value === undefined) {
    return fallback;
  }
  return value === true || value === 'true' || value === '1';
}

/** `{project}` or `{project, name}` after URL normalisation (api.md §3.2). */
export const ProjectParams = Type.Object({ project: Type.String() });
export const ProjectResourceParams = Type.Object({ project: Type.String(), name: Type.String() });

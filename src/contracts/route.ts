import type { TSchema } from 'typebox';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/**
 * Who may call a route. `project` routes are checked against the `project` path parameter before the
 * handler runs; routes addressed by `id:` resolve the project first and check the same permission.
 */
export type RoutePermission =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'project'; permission: string }
  | { kind: 'global'; permissions: readonly string[] };

export type RouteSchema = {
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  response: Record<number, TSchema>;
};

export type RouteSpec<S extends RouteSchema = RouteSchema> = {
  method: HttpMethod;
  url: string;
  summary: string;
  tags: readonly string[];
  permission: RoutePermission;
  schema: S;
};

export function defineRoute<const S extends RouteSchema>(spec: RouteSpec<S>): RouteSpec<S> {
  return spec;
}

export const anyUser: RoutePermission = { kind: 'authenticated' };
export const projectPermission = (permission: string): RoutePermission => ({
  kind: 'project',
  permission,
});
export const globalPermission = (...permissions: string[]): RoutePermission => ({
  kind: 'global',
  permissions,
});

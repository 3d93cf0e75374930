import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { Static, TSchema } from 'typebox';

import type { RouteSchema, RouteSpec } from '../contracts/route.js';
import type { CallContext } from '../domain/context.js';
import type { Deps } from '../domain/deps.js';
import { AppError } from '../domain/errors.js';
import type { TenantRecord } from '../store/store.js';

import { makeConcurrencyGate, rateLimitConfig } from './plugins/abuse-limits.js';

type Part<S, K extends keyof RouteSchema> =
  S extends Record<K, infer T extends TSchema> ? Static<T> : undefined;

export type RouteInput<S extends RouteSchema> = {
  params: Part<S, 'params'>;
  query: Part<S, 'querystring'>;
  body: Part<S, 'body'>;
};

type WithoutStatus<T> = T extends unknown ? Omit<T, 'status'> : never;

/** Handlers return the payload; the registrar adds `status: "ok"` (the envelope lives in one place). */
type OkPayload<S extends RouteSchema> =
  S['response'] extends Record<200, infer T extends TSchema> ? WithoutStatus<Static<T>> : never;

/** Returned by handlers that sent a non-JSON reply themselves (file downloads). */
export const REPLY_SENT = Symbol('replySent');

export type RouteHandler<S extends RouteSchema> = (
  input: RouteInput<S>,
  context: CallContext,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<OkPayload<S> | typeof REPLY_SENT>;

export type RouteRegistrar = <S extends RouteSchema>(
  spec: RouteSpec<S>,
  handler: RouteHandler<S>,
) => void;

/** Binds route specs from `contracts/` to handlers: schema, permission and OpenAPI come from the spec. */
export function makeRouteRegistrar(
  app: FastifyInstance,
  deps: Deps,
  tenant: TenantRecord,
): RouteRegistrar {
  const enterHeavy = makeConcurrencyGate(deps.config);
  return (spec, handler) => {
    const schema: FastifySchema = { ...spec.schema, summary: spec.summary, tags: [...spec.tags] };
    app.route({
      method: spec.method,
      url: spec.url,
      schema,
      config: { permission: spec.permission, ...rateLimitConfig(spec, deps.config) },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const principal = request.principal;
        if (principal === null && spec.permission.kind !== 'public') {
          throw new AppError('unauthorized', 'Missing API token');
        }
        const context: CallContext = {
          deps,
          tenant,
          principal: principal ?? {
            userId: '',
            username: '',
            globalPermissions: new Set(),
            organisationPermissions: {},
          },
        };
        const input = {
          params: request.params,
          query: request.query,
          body: request.body,
        } as RouteInput<typeof spec.schema>;
        const release = enterHeavy(spec, context.principal.userId, reply);
        try {
          const payload = await handler(input, context, request, reply);
          if (payload === REPLY_SENT) {
            return reply;
          }
          return { status: 'ok', ...payload };
        } finally {
          release?.();
        }
      },
    });
  };
}

import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
} from 'fastify';

import { MAX_ATTACHMENT_BYTES } from '../contracts/attachments.js';
import { bootstrap } from '../domain/bootstrap.js';
import type { Deps } from '../domain/deps.js';

import { registerRateLimits } from './plugins/abuse-limits.js';
import { registerBearerAuth } from './plugins/bearer-auth.js';
import { handleClientError } from './plugins/client-error.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { registerJsonBodyParser } from './plugins/json-body.js';
import { registerMetrics } from './plugins/metrics.js';
import { registerPermissionCheck } from './plugins/permission-check.js';
import { makeRewriteUrl } from './plugins/rewrite-url.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerServerTiming } from './plugins/server-timing.js';
import { validatorCompiler } from './plugins/validator.js';
import { registerWebUi } from './plugins/web-ui.js';
import { makeRouteRegistrar } from './register-route.js';
import { registerAttachmentRoutes } from './routes/attachments.js';
import { registerAuditRoutes } from './routes/audit-events.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerBucketRoutes } from './routes/buckets.js';
import { registerCommentRoutes } from './routes/comments.js';
import { registerDatasetCommentRoutes } from './routes/dataset-comments.js';
import { registerDatasetRoutes } from './routes/datasets.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerIntegrationRoutes } from './routes/integrations.js';
import { registerLabelDefRoutes } from './routes/label-defs.js';
import { registerLabellingRoutes } from './routes/labellings.js';
import { registerModelRoutes } from './routes/models.js';
import { registerProjectRoutes } from './routes/projects.js';
import { registerQueryRoutes } from './routes/query.js';
import { registerQuotaRoutes } from './routes/quotas.js';
import { registerSourceRoutes } from './routes/sources.js';
import { registerStreamRoutes } from './routes/streams.js';
import { registerThemeRoutes } from './routes/themes.js';
import { registerUserRoutes } from './routes/users.js';

export type CreatedApp = { app: FastifyInstance; generatedAdminToken: string | null };

export type CreateAppOptions = {
  /** The built web UI to serve at `/`; defaults to the repository's `web/dist`. */
  webDistDir?: string;
};

/** Builds the API (bootstrapping the tenant and admin on an empty store). Never listens. */
export async function createApp(deps: Deps, options: CreateAppOptions = {}): Promise<CreatedApp> {
  const { tenant, generatedAdminToken } = await bootstrap(deps);
  const rewriteUrl = makeRewriteUrl(deps.config.basePath);
  const logger: FastifyBaseLogger = deps.log;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger,
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'request_id',
    }),
    bodyLimit: deps.config.bodyLimitBytes,
    rewriteUrl: (request) => rewriteUrl(request.url ?? '/'),
    // Comment ids may be 1024 code points, up to 12 bytes each once percent-encoded (api.md §3.2).
    routerOptions: {
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: 16_384,
    },
    // Errors Fastify raises before routing (an undecodable `%ZZ` segment) still get the envelope.
    frameworkErrors: (error, _request, genericReply) => {
      // The generic reply type is parameterised by a schema this handler does not have.
      const reply = genericReply as unknown as FastifyReply;
      void reply
        .code(400)
        .header('server-timing', 'total;dur=0.0')
        .type('application/json; charset=utf-8')
        .send({ status: 'error', message: `Malformed request: ${error.message}` });
    },
    requestIdHeader: 'x-request-id',
    clientErrorHandler: handleClientError,
    // A client must send its whole request within this time (issue 20 #7). Node only arms the
    // check when the timeout is given to its constructor, and runs it every
    // connectionsCheckingInterval, so a short timeout (tests) is checked as often.
    requestTimeout: deps.config.requestTimeoutMillis,
    http: {
      requestTimeout: deps.config.requestTimeoutMillis,
      connectionsCheckingInterval: Math.max(
        100,
        Math.min(30_000, Math.floor(deps.config.requestTimeoutMillis / 4) || 30_000),
      ),
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  registerJsonBodyParser(app);
  registerErrorHandler(app);
  registerServerTiming(app);
  const metrics = registerMetrics(app, deps.store);
  await registerSecurityHeaders(app);
  registerBearerAuth(app, deps, tenant);
  registerPermissionCheck(app);
  await registerRateLimits(app);

  await app.register(swagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema, so TypeBox's `anyOf [T, null]` is valid as emitted (api.md §8).
      openapi: '3.1.0',
      info: {
        title: 'Sift API',
        version: '1',
        description:
          'Wire-compatible with the UiPath Communications Mining API. Every response carries `status` and `Server-Timing`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // The official CLI sends `Accept-Encoding: gzip` (api.md §3.3); large pages shrink several-fold.
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip', 'deflate'] });
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES } });

  const route = makeRouteRegistrar(app, deps, tenant);
  registerHealthRoutes(route, metrics);
  registerAuthRoutes(route);
  registerProjectRoutes(route);
  registerUserRoutes(route);
  registerSourceRoutes(route);
  registerCommentRoutes(route);
  registerAttachmentRoutes(route);
  registerDatasetCommentRoutes(route);
  registerBucketRoutes(route);
  registerQuotaRoutes(route);
  registerIntegrationRoutes(route);
  registerAuditRoutes(route);
  registerDatasetRoutes(route);
  registerLabelDefRoutes(route);
  registerLabellingRoutes(route);
  registerModelRoutes(route);
  registerQueryRoutes(route);
  registerStreamRoutes(route);
  registerThemeRoutes(route);

  app.get(
    '/api/openapi.json',
    { schema: { hide: true }, config: { permission: { kind: 'public' } } },
    async () => app.swagger(),
  );
  await registerWebUi(app, options.webDistDir);
  await app.ready();
  return { app, generatedAdminToken };
}

import type { FastifyRequest } from 'fastify';

import { queryDatasetRoute } from '../../contracts/query.js';
import { queryDatasetCsv } from '../../domain/dataset-comments/query-csv.js';
import { queryDataset } from '../../domain/dataset-comments/query-dataset.js';
import { REPLY_SENT, type RouteRegistrar } from '../register-route.js';

/** The official CLI asks for exactly `text/csv`; JSON stays the answer to anything else. */
function wantsCsv(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.split(',').some((part) => part.split(';')[0]?.trim().toLowerCase() === 'text/csv');
}

export function registerQueryRoutes(route: RouteRegistrar): void {
  route(queryDatasetRoute, async ({ params, query, body }, context, request, reply) => {
    const ref = { project: params.project, name: params.name };
    const overrides = {
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.continuation === undefined ? {} : { continuation: query.continuation }),
    };
    if (wantsCsv(request)) {
      const page = await queryDatasetCsv(context, ref, body, overrides);
      if (page.continuation !== undefined) {
        void reply.header('X-Continuation', page.continuation);
      }
      await reply.type('text/csv; charset=utf-8').send(page.csv);
      return REPLY_SENT;
    }
    return queryDataset(context, ref, body, overrides);
  });
}

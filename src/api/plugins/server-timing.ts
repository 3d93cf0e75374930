import type { FastifyInstance } from 'fastify';

const START = Symbol('serverTimingStart');

type Timed = { [START]?: bigint };

/** `Server-Timing: total;dur=<ms>` on every response, errors and 404s included (api.md §3.6). */
export function registerServerTiming(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    (request as unknown as Timed)[START] = process.hrtime.bigint();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const start = (request as unknown as Timed)[START] ?? process.hrtime.bigint();
    const micros = Number((process.hrtime.bigint() - start) / 1000n);
    reply.header('Server-Timing', `total;dur=${(micros / 1000).toFixed(1)}`);
    return payload;
  });
}

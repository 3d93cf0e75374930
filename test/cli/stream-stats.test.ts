import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { run as getStreamStats } from '../../src/cli/commands/get-stream-stats.js';
import type { Io } from '../../src/cli/io.js';

// Issue 15 item 2: a stream threshold below the lowest point of the label's validation curve (0.5 against
// a curve that starts at 0.63) failed with "Could not find threshold for label Delivery".
describe('get stream-stats', () => {
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const reply = (payload: object) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ status: 'ok', ...payload }));
        };
        if (request.url === '/auth/user') {
          reply({ user: { id: '0123456789abcdef', username: 'admin' } });
        } else if (request.url === '/api/v1/datasets/acme/claims/streams/urgent') {
          reply({
            stream: {
              name: 'urgent',
              model: {
                version: 3,
                label_thresholds: [
                  { name: ['Delivery'], threshold: 0.5 },
                  { name: ['Refund'], threshold: 0.7 },
                ],
              },
            },
          });
        } else if (
          request.url === '/api/_private/datasets/acme/claims/labellers/3/label-validation'
        ) {
          reply({
            label_validation: {
              thresholds: [0.95, 0.8, 0.63],
              precisions: [1, 0.9, 0.75],
              recalls: [0.2, 0.6, 0.85],
            },
          });
        } else {
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end('{"status":"error","message":"404 Not Found"}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('takes the nearest point of the curve for a threshold below its lowest one, and says so', async () => {
    const out = { stdout: '', stderr: '' };
    const io: Io = {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      env: {},
    };
    await getStreamStats(
      {
        stream: { owner: 'acme', dataset: 'claims', stream: 'urgent' },
        globals: { endpoint, token: 't', configFile: '/nonexistent/contexts.json', output: 'json' },
      },
      io,
    );
    const rows = out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => [row['label_name'], row['precision'], row['recall']])).toEqual([
      ['Delivery', 0.75, 0.85],
      ['Refund', 0.75, 0.85],
    ]);
    expect(out.stderr).toContain('Threshold 0.5 for label Delivery is below the lowest');
  });
});

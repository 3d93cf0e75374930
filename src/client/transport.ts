import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { gunzipSync, inflateSync } from 'node:zlib';

export type TransportOptions = {
  /** Disable TLS certificate verification (`-k`). @default false */
  acceptInvalidCertificates?: boolean;
  /** `http://host:port` of an HTTP proxy used for every request. */
  proxy?: string | null;
};

export type TransportRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  timeoutMs: number;
  signal?: AbortSignal;
};

export type TransportResponse = {
  status: number;
  body: Buffer;
  /** The server sent `Retry-After`: it says the failure is transient (a 409 is retried only then). */
  retryAfter?: boolean;
};

export type Transport = {
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): void;
};

/** A failure before a complete response arrived (refused, reset, TLS, timeout); retried like a 5xx. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip' || encoding === 'x-gzip') {
    return gunzipSync(body);
  }
  if (encoding === 'deflate') {
    return inflateSync(body);
  }
  return body;
}

/** Opens a CONNECT tunnel through the proxy, then TLS to the target inside it. */
function tunnel(
  proxy: URL,
  target: URL,
  rejectUnauthorized: boolean,
  callback: (error: Error | null, socket?: Duplex) => void,
): void {
  const port = target.port === '' ? '443' : target.port;
  const connect = http.request({
    host: proxy.hostname,
    port: proxy.port === '' ? 80 : Number(proxy.port),
    method: 'CONNECT',
    path: `${target.hostname}:${port}`,
    headers: { host: `${target.hostname}:${port}` },
  });
  connect.once('connect', (response, socket) => {
    if (response.statusCode !== 200) {
      socket.destroy();
      callback(new Error(`proxy answered CONNECT with ${response.statusCode ?? 'no status'}`));
      return;
    }
    const secure = tls.connect({ socket, servername: target.hostname, rejectUnauthorized });
    secure.once('secureConnect', () => callback(null, secure));
    secure.once('error', (error: Error) => callback(error));
  });
  connect.once('error', (error) => callback(error));
  connect.end();
}

/**
 * HTTP(S) over `node:http` with keep-alive connections, gzip responses, an optional proxy and optional
 * certificate leniency — the pieces of the official client's HTTP stack that `fetch` in Node 20 cannot
 * configure without extra packages.
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const rejectUnauthorized = options.acceptInvalidCertificates !== true;
  const proxy = options.proxy ? new URL(options.proxy) : null;
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized });

  return {
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
    send(request) {
      return new Promise<TransportResponse>((resolve, reject) => {
        const target = new URL(request.url);
        // The path as written: `URL` would resolve dot segments, including the encoded `%2E%2E`.
        const pathStart = request.url.indexOf('/', request.url.indexOf('://') + 3);
        const rawPath = pathStart < 0 ? '/' : request.url.slice(pathStart);
        const secure = target.protocol === 'https:';
        const headers: Record<string, string> = { ...request.headers };
        if (request.body !== undefined) {
          headers['content-length'] = String(Buffer.byteLength(request.body));
        }
        let settled = false;
        const fail = (error: TransportError): void => {
          if (!settled) {
            settled = true;
            reject(error);
          }
        };
        const requestOptions: https.RequestOptions = {
          method: request.method,
          headers,
          ...(request.signal === undefined ? {} : { signal: request.signal }),
        };
        if (proxy && !secure) {
          // A plain-HTTP proxy takes the absolute URL as the request target.
          Object.assign(requestOptions, {
            host: proxy.hostname,
            port: proxy.port === '' ? 80 : Number(proxy.port),
            path: request.url,
            agent: httpAgent,
          });
        } else {
          Object.assign(requestOptions, {
            host: target.hostname,
            port: target.port === '' ? (secure ? 443 : 80) : Number(target.port),
            path: rawPath,
            servername: target.hostname,
            rejectUnauthorized,
          });
          if (proxy && secure) {
            // Tunnelled sockets are not pooled: one CONNECT per request keeps the code small.
            Object.assign(requestOptions, {
              agent: false,
              createConnection: (
                _options: unknown,
                callback: (error: Error | null, socket?: Duplex) => void,
              ) => {
                tunnel(proxy, target, rejectUnauthorized, callback);
                return undefined;
              },
            });
          } else {
            requestOptions.agent = secure ? httpsAgent : httpAgent;
          }
        }
        const client = (secure ? https : http).request(requestOptions, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('error', (error) =>
            fail(new TransportError(error.message, false, { cause: error })),
          );
          response.once('end', () => {
            if (settled) {
              return;
            }
            try {
              const encoding = response.headers['content-encoding'];
              const body = decode(Buffer.concat(chunks), encoding);
              settled = true;
              resolve({
                status: response.statusCode ?? 0,
                body,
                retryAfter: response.headers['retry-after'] !== undefined,
              });
            } catch (error) {
              fail(
                new TransportError(
                  `could not decode the response body: ${error instanceof Error ? error.message : String(error)}`,
                  false,
                  { cause: error },
                ),
              );
            }
          });
        });
        client.setTimeout(request.timeoutMs, () => {
          client.destroy();
          fail(new TransportError(`operation timed out after ${request.timeoutMs / 1000} s`, true));
        });
        client.once('error', (error) =>
          fail(new TransportError(error.message, false, { cause: error })),
        );
        client.end(request.body);
      });
    },
  };
}

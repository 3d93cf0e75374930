import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

import { EmbedderUnavailableError, type DenseEmbedder } from '../ml/index.js';

import type { EncoderInfo, HostReply, HostRequest } from './embedder-host.js';
import { RetryableJobError } from './errors.js';

// architecture.md §7.5: the dense encoders run in host processes so a crash (out of memory, a fault in
// the WebAssembly engine) never takes the worker down. Batches go round-robin to the hosts; a host that
// dies is restarted and its batch retried once on another host; an encoder whose weights cannot load
// is reported as `embedder_unavailable` (ml.md §2.6). Hosts start on the first request, so a process
// that never embeds never forks them.

const ENTRY = fileURLToPath(new URL('../../bin/embedder-host.js', import.meta.url));

type Pending = { resolve: (reply: HostReply) => void; reject: (error: Error) => void };
type Host = { child: ChildProcess; pending: Map<number, Pending> };

class HostCrashedError extends Error {
  override readonly name = 'HostCrashedError';
}

export type EmbedderPool = {
  readonly hosts: number;
  /** The encoder named by a feature spec, run in the hosts. */
  denseEmbedder(id: string): Promise<DenseEmbedder>;
  /** Batches answered by each host slot so far (restarts keep the slot). */
  readonly batchesPerHost: () => readonly number[];
  /** Hosts restarted after a crash so far. */
  readonly restarts: () => number;
  close(): Promise<void>;
};

export type EmbedderPoolOptions = {
  hosts: number;
  /** Texts per batch sent to a host; at most the encoder's own `maxBatchSize`. */
  batchSize?: number;
  /** Environment of the host processes (tests point `SIFT_EMBEDDER_HOST_ENCODERS` at a fixture). */
  env?: NodeJS.ProcessEnv;
};

export function createEmbedderPool(options: EmbedderPoolOptions): EmbedderPool {
  if (!Number.isInteger(options.hosts) || options.hosts < 1) {
    throw new Error(`an embedder pool needs at least one host, got ${options.hosts}`);
  }
  const slots: (Host | null)[] = Array.from({ length: options.hosts }, () => null);
  const batches = slots.map(() => 0);
  const embedders = new Map<string, Promise<DenseEmbedder>>();
  let nextRequest = 0;
  let nextSlot = 0;
  let restarts = 0;
  let closed = false;

  const env = options.env ?? process.env;
  // The native engine's threads per host: the cores shared out, so hosts never oversubscribe them.
  const threads = String(Math.max(1, Math.floor(availableParallelism() / options.hosts)));
  const spawn = (slot: number): Host => {
    const child = fork(ENTRY, [], {
      // Typed arrays cross the channel as structured clones, not JSON number lists.
      serialization: 'advanced',
      env: { ...env, SIFT_EMBEDDER_THREADS: env['SIFT_EMBEDDER_THREADS'] ?? threads },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const host: Host = { child, pending: new Map() };
    child.on('message', (reply: HostReply) => {
      const waiting = host.pending.get(reply.id);
      host.pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    child.on('exit', (code, signal) => {
      if (slots[slot] === host) {
        slots[slot] = null;
        if (!closed) {
          restarts += 1;
        }
      }
      const error = new HostCrashedError(
        `embedder host ${slot} exited (${signal ?? `code ${code ?? 'unknown'}`})`,
      );
      for (const [, waiting] of host.pending) {
        waiting.reject(error);
      }
      host.pending.clear();
    });
    // An idle pool must not keep its owner alive; pending requests keep it referenced.
    child.unref();
    child.channel?.unref();
    return host;
  };

  const hostAt = (slot: number): Host => {
    if (closed) {
      throw new Error('the embedder pool is closed');
    }
    let host = slots[slot] ?? null;
    if (host === null) {
      host = spawn(slot);
      slots[slot] = host;
    }
    return host;
  };

  const send = (slot: number, request: HostRequest): Promise<HostReply> => {
    const host = hostAt(slot);
    return new Promise<HostReply>((resolve, reject) => {
      if (host.pending.size === 0) {
        host.child.channel?.ref();
      }
      const settle = () => {
        if (host.pending.size === 0) {
          host.child.channel?.unref();
        }
      };
      host.pending.set(request.id, {
        resolve: (reply) => {
          settle();
          resolve(reply);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      host.child.send(request, (error) => {
        if (error !== null && host.pending.delete(request.id)) {
          settle();
          reject(new HostCrashedError(`embedder host ${slot} is gone: ${error.message}`));
        }
      });
    });
  };

  const unwrap = (encoder: string, reply: HostReply): Extract<HostReply, { ok: true }> => {
    if (reply.ok) {
      return reply;
    }
    if (reply.code === 'embedder_unavailable') {
      // The host's message already names the encoder; keep it as the reason.
      throw new EmbedderUnavailableError(encoder, reply.message.replace(/^.*?unavailable: /, ''));
    }
    throw new Error(`embedder host failed: ${reply.message}`);
  };

  /** Sends to the next host in turn; a crash restarts that host and retries once on another. */
  const request = async (
    encoder: string,
    make: (id: number) => HostRequest,
  ): Promise<Extract<HostReply, { ok: true }>> => {
    const first = nextSlot;
    nextSlot = (nextSlot + 1) % slots.length;
    for (const slot of [first, (first + 1) % slots.length]) {
      const id = nextRequest;
      nextRequest += 1;
      try {
        const reply = unwrap(encoder, await send(slot, make(id)));
        batches[slot]! += 1;
        return reply;
      } catch (error) {
        if (!(error instanceof HostCrashedError) || slot !== first) {
          if (error instanceof HostCrashedError) {
            throw new RetryableJobError(`${error.message}, and again on retry`, { cause: error });
          }
          throw error;
        }
      }
    }
    throw new Error('unreachable');
  };

  const load = async (encoder: string): Promise<DenseEmbedder> => {
    // Every host loads the weights up front, so a missing model fails here and not mid-job.
    const replies = await Promise.all(
      slots.map((_, slot) =>
        send(slot, { type: 'load', id: nextRequest++, encoder }).then((reply) =>
          unwrap(encoder, reply),
        ),
      ),
    );
    const info: EncoderInfo = replies[0]!.info;
    const batchSize = Math.min(options.batchSize ?? info.maxBatchSize, info.maxBatchSize);
    return {
      specVersion: 1,
      id: encoder,
      kind: 'dense',
      dimensions: info.dimensions,
      maxBatchSize: info.maxBatchSize,
      languages: info.languages,
      requiresCorpusStats: false,
      async embed(input) {
        const texts = [...input.texts];
        // Contiguous slices, spread so every host gets work even for a call smaller than a batch.
        const size = Math.max(1, Math.min(batchSize, Math.ceil(texts.length / slots.length)));
        const parts: Promise<Float32Array[]>[] = [];
        for (let start = 0; start < texts.length; start += size) {
          input.signal?.throwIfAborted();
          const slice = texts.slice(start, start + size);
          parts.push(
            request(encoder, (id) => ({ type: 'embed', id, encoder, texts: slice })).then(
              (reply) => {
                if (reply.vectors?.length !== slice.length) {
                  throw new Error(
                    `embedder host returned ${reply.vectors?.length ?? 0} vectors for ${slice.length} texts`,
                  );
                }
                return reply.vectors;
              },
            ),
          );
        }
        const vectors = (await Promise.all(parts)).flat();
        input.signal?.throwIfAborted();
        return { vectors };
      },
    };
  };

  return {
    hosts: slots.length,
    denseEmbedder(id) {
      let embedder = embedders.get(id);
      if (embedder === undefined) {
        embedder = load(id);
        // A crash during loading is not a verdict on the weights: let the next call try again.
        embedder.catch((error: unknown) => {
          if (!(error instanceof EmbedderUnavailableError)) {
            embedders.delete(id);
          }
        });
        embedders.set(id, embedder);
      }
      return embedder;
    },
    batchesPerHost: () => [...batches],
    restarts: () => restarts,
    async close() {
      closed = true;
      embedders.clear();
      await Promise.all(
        slots.map(async (host, slot) => {
          slots[slot] = null;
          if (host === null || host.child.exitCode !== null) {
            return;
          }
          const exited = new Promise((resolve) => host.child.once('exit', resolve));
          // Keep the owner alive until the host is gone, so close() always settles.
          host.child.ref();
          host.child.kill();
          await exited;
        }),
      );
    },
  };
}

import { pathToFileURL } from 'node:url';

import { EmbedderUnavailableError, type DenseEmbedder } from '../ml/index.js';

import { DENSE_ENCODERS, type DenseEncoderFactories } from './dense-encoders.js';

// One embedder host process (architecture.md §7.5). It loads each encoder once, on the first request
// that names it, and answers over IPC. A load failure is answered as `embedder_unavailable` with the
// reason, never with zero vectors (ml.md §2.6). `SIFT_EMBEDDER_HOST_ENCODERS` may name another module
// exporting `DENSE_ENCODERS` (tests use it to make a host crash or fail to load).

export type HostRequest =
  | { type: 'load'; id: number; encoder: string }
  | { type: 'embed'; id: number; encoder: string; texts: string[] };

export type EncoderInfo = { dimensions: number; maxBatchSize: number; languages: 'en' | 'any' };

export type HostReply =
  | { id: number; ok: true; info: EncoderInfo; vectors?: Float32Array[] }
  | { id: number; ok: false; code: 'embedder_unavailable' | 'internal'; message: string };

async function loadFactories(): Promise<DenseEncoderFactories> {
  const override = process.env['SIFT_EMBEDDER_HOST_ENCODERS'];
  if (override === undefined || override === '') {
    return DENSE_ENCODERS;
  }
  const module = (await import(pathToFileURL(override).href)) as {
    DENSE_ENCODERS: DenseEncoderFactories;
  };
  return module.DENSE_ENCODERS;
}

const factoriesPromise = loadFactories();
const encoders = new Map<string, Promise<DenseEmbedder>>();

function encoder(id: string, factories: DenseEncoderFactories): Promise<DenseEmbedder> {
  let loaded = encoders.get(id);
  if (loaded === undefined) {
    const factory = factories[id];
    loaded =
      factory === undefined
        ? Promise.reject(new EmbedderUnavailableError(id, 'this build has no such encoder'))
        : factory();
    encoders.set(id, loaded);
  }
  return loaded;
}

async function answer(request: HostRequest): Promise<HostReply> {
  try {
    const embedder = await encoder(request.encoder, await factoriesPromise);
    const info: EncoderInfo = {
      dimensions: embedder.dimensions,
      maxBatchSize: embedder.maxBatchSize,
      languages: embedder.languages,
    };
    if (request.type === 'load') {
      return { id: request.id, ok: true, info };
    }
    const { vectors } = await embedder.embed({ texts: request.texts });
    return { id: request.id, ok: true, info, vectors };
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      code: error instanceof EmbedderUnavailableError ? 'embedder_unavailable' : 'internal',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

process.on('message', (request: HostRequest) => {
  void answer(request).then((reply) => process.send?.(reply));
});
// The pool owns this process: when it goes away (or closes the channel), so does the host.
process.on('disconnect', () => process.exit(0));

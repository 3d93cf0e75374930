import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';

import { log, type Io } from '../io.js';
import { COMMENT_KEYS, pick } from '../output.js';
import { parseResourceRef, type Session } from '../session.js';

type Json = Record<string, unknown>;

async function readInput(io: Io, file: string | undefined): Promise<string> {
  if (file !== undefined) {
    return readFileSync(file, 'utf8');
  }
  if (!io.stdin) {
    throw new Error('no input: give -f/--file or pipe JSON Lines on stdin');
  }
  let text = '';
  for await (const chunk of io.stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  }
  return text;
}

/** Each line is a comment (CommentNew) or `{"comment": CommentNew, …}`. */
function parseComments(text: string): Json[] {
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') {
      return [];
    }
    let value: unknown;
    try {
      value = JSON.parse(line) as unknown;
    } catch {
      throw new Error(`line ${index + 1}: not valid JSON`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`line ${index + 1}: expected a JSON object`);
    }
    const record = value as Json;
    const comment = (
      typeof record['comment'] === 'object' && record['comment'] !== null
        ? record['comment']
        : record
    ) as Json;
    if (typeof comment['id'] !== 'string') {
      throw new Error(`line ${index + 1}: comment has no string id`);
    }
    return [comment];
  });
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await run(item);
    }
  });
  await Promise.all(workers);
}

/**
 * `create comments`: uploads JSON Lines in batches, several at a time. New ids go through the
 * create-only route (a changed existing comment is a 409); `--overwrite` uses the upserting `sync`.
 */
export async function createComments(
  io: Io,
  session: Session,
  options: {
    source: string;
    file?: string;
    overwrite: boolean;
    batchSize: number;
    threads: number;
  },
): Promise<void> {
  const comments = parseComments(await readInput(io, options.file));
  const seen = new Set<string>();
  for (const comment of comments) {
    const id = comment['id'] as string;
    if (seen.has(id) && !options.overwrite) {
      throw new Error(
        `Duplicate comment id \`${id}\` in the input (use --overwrite to upload it anyway)`,
      );
    }
    seen.add(id);
  }
  const { source } = await session.client.request<{ source: Json }>('GET', [
    'api',
    'v1',
    'sources',
    ...parseResourceRef('source', options.source),
  ]);
  const path = [String(source['owner']), String(source['name'])];
  const batches: Json[][] = [];
  for (let start = 0; start < comments.length; start += options.batchSize) {
    batches.push(comments.slice(start, start + options.batchSize));
  }
  const counts = { new: 0, updated: 0, unchanged: 0 };
  await inParallel(batches, options.threads, async (batch) => {
    if (options.overwrite) {
      const result = await session.client.request<typeof counts>(
        'POST',
        ['api', 'v1', 'sources', ...path, 'sync'],
        {
          body: { comments: batch },
          retry: true,
        },
      );
      counts.new += result.new;
      counts.updated += result.updated;
      counts.unchanged += result.unchanged;
    } else {
      await session.client.request('PUT', ['api', '_private', 'sources', ...path, 'comments'], {
        body: { comments: batch },
      });
    }
  });
  log(
    io,
    'I',
    options.overwrite
      ? `Uploaded ${comments.length} comments: ${counts.new} new ${counts.updated} upd ${counts.unchanged} nop [0 annotations]`
      : `Uploaded ${comments.length} comments [0 annotations]`,
  );
}

/** `get comments <SOURCE>`: every comment as one JSON line `{"comment": …}`, to stdout or `-f`. */
export async function getComments(
  io: Io,
  session: Session,
  options: { source: string; file?: string; from?: string; to?: string },
): Promise<void> {
  const { source } = await session.client.request<{ source: Json }>('GET', [
    'api',
    'v1',
    'sources',
    ...parseResourceRef('source', options.source),
  ]);
  const path = [
    'api',
    '_private',
    'sources',
    String(source['owner']),
    String(source['name']),
    'comments',
  ];
  const out: WriteStream | null =
    options.file === undefined ? null : createWriteStream(options.file);
  let after: string | undefined;
  let count = 0;
  try {
    for (;;) {
      const page = await session.client.request<{ comments: Json[]; continuation?: string }>(
        'GET',
        path,
        {
          query: {
            limit: 256,
            include_markup: true,
            ...(after === undefined ? { from_timestamp: options.from } : { after }),
            to_timestamp: options.to,
          },
        },
      );
      for (const comment of page.comments) {
        const line = `${JSON.stringify({ comment: pick(comment, COMMENT_KEYS) })}\n`;
        if (out) {
          out.write(line);
        } else {
          io.stdout.write(line);
        }
        count += 1;
      }
      if (page.continuation === undefined) {
        break;
      }
      after = page.continuation;
    }
  } finally {
    if (out) {
      await new Promise<void>((resolve) => out.end(resolve));
    }
  }
  log(io, 'I', `Successfully downloaded ${count} comments.`);
}

import { createWriteStream, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { downloadAttachmentRoute } from './api-routes.js';
import { CliError } from './errors.js';
import type { Io } from './io.js';
import { stringifyLine } from './json-output.js';
import { isRecord } from './models.js';
import type { Session } from './session.js';

/** Where JSON Lines go: stdout, or the `-f` file (cli.md §4.3). */
export type LineSink = {
  /** Writes the objects as JSON lines, waiting when the file's buffer is full. */
  write(objects: readonly unknown[]): Promise<void>;
  close(): Promise<void>;
};

export function openSink(io: Io, file: string | undefined): LineSink {
  if (file === undefined) {
    return {
      write: async (objects) => {
        if (objects.length > 0) {
          io.stdout.write(`${objects.map(stringifyLine).join('\n')}\n`);
        }
      },
      close: async () => undefined,
    };
  }
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (error) {
    throw new CliError(`Could not open file for writing \`${file}\``, { cause: error });
  }
  const stream = createWriteStream(file, { fd });
  let failure: Error | null = null;
  stream.on('error', (error) => {
    failure = error;
  });
  return {
    async write(objects) {
      if (failure !== null) {
        throw failure;
      }
      if (objects.length > 0 && !stream.write(`${objects.map(stringifyLine).join('\n')}\n`)) {
        await new Promise<void>((resolve) => stream.once('drain', resolve));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.end(() => (failure === null ? resolve() : reject(failure)));
      }),
  };
}

/** `<file>.attachments` beside the output file, created when missing. */
export function attachmentsDirFor(file: string): string {
  const directory = join(dirname(file), `${basename(file)}.attachments`);
  if (!existsSync(directory)) {
    mkdirSync(directory);
  }
  return directory;
}

const INVALID_FILENAME_CHARS = /[/<>:"\\|?*]/g;

/** `<DIR>/<comment_id>/<index>.<name>` with unsafe characters replaced by `□` (cli.md §6.4). */
export function attachmentPath(
  directory: string,
  commentId: string,
  index: number,
  name: string,
): string {
  return join(directory, commentId, `${index}.${name.replace(INVALID_FILENAME_CHARS, '□')}`);
}

/** Downloads a comment's attachment content that is not on disk yet; returns the number written. */
export async function downloadAttachments(
  session: Session,
  directory: string,
  comment: unknown,
): Promise<number> {
  if (!isRecord(comment) || !Array.isArray(comment['attachments'])) {
    return 0;
  }
  let written = 0;
  const commentId = String(comment['id']);
  for (const [index, attachment] of comment['attachments'].entries()) {
    if (!isRecord(attachment) || typeof attachment['attachment_reference'] !== 'string') {
      continue;
    }
    const path = attachmentPath(directory, commentId, index, String(attachment['name']));
    if (existsSync(path)) {
      continue;
    }
    const bytes = await session.client.requestBytes(downloadAttachmentRoute, {
      params: { reference: attachment['attachment_reference'] },
    });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    written += 1;
  }
  return written;
}

import { createReadStream } from 'node:fs';

export type Line = { text: string; number: number; bytes: number };

/**
 * The lines of a file or stream, with their 1-based number and size in bytes (newline included, for
 * progress by bytes). Splits raw buffers on `\n`, so a multi-byte character is never cut in half.
 */
export async function* readLines(input: string | NodeJS.ReadableStream): AsyncGenerator<Line> {
  const stream =
    typeof input === 'string' ? createReadStream(input, { highWaterMark: 1 << 20 }) : input;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (
      let newline = buffer.indexOf(10, start);
      newline >= 0;
      newline = buffer.indexOf(10, start)
    ) {
      const piece = buffer.subarray(start, newline);
      const whole = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      const bytes = pendingBytes + piece.length + 1;
      pending = [];
      pendingBytes = 0;
      number += 1;
      yield { text: whole.toString('utf8'), number, bytes };
      start = newline + 1;
    }
    if (start < buffer.length) {
      pending.push(buffer.subarray(start));
      pendingBytes += buffer.length - start;
    }
  }
  if (pendingBytes > 0) {
    number += 1;
    yield { text: Buffer.concat(pending).toString('utf8'), number, bytes: pendingBytes };
  }
}

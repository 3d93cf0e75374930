import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

/** A `multipart/form-data` body with one file part (attachment and audio uploads, api.md §6.4). */
export function multipartFile(
  field: string,
  path: string,
  data: Buffer,
): { contentType: string; data: Buffer } {
  const boundary = `----sift${randomBytes(12).toString('hex')}`;
  const name = basename(path).replace(/["\r\n]/g, '_');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    data: Buffer.concat([head, data, tail]),
  };
}

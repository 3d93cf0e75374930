import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_FILE = 'secret-key';
const cache = new Map<string, Buffer>();

/**
 * The server key that encrypts stored secrets (mailbox passwords): SHA-256 of `SIFT_SECRET_KEY` when
 * set, else 32 random bytes generated once into `<dataDir>/secret-key` with mode 0600. Every process
 * sharing the data directory (API servers, workers) reads the same file.
 */
export function loadServerKey(secret: string | null, dataDir: string): Buffer {
  if (secret !== null) {
    return createHash('sha256').update(secret, 'utf8').digest();
  }
  const cached = cache.get(dataDir);
  if (cached) {
    return cached;
  }
  const path = join(dataDir, KEY_FILE);
  let key: Buffer;
  try {
    key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
    mkdirSync(dataDir, { recursive: true });
    const fresh = randomBytes(32);
    try {
      // `wx`: two processes starting together never overwrite each other's key.
      writeFileSync(path, `${fresh.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      key = fresh;
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw raced;
      }
      key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    }
  }
  if (key.length !== 32) {
    throw new Error(`${path} does not hold a 32-byte base64 key`);
  }
  cache.set(dataDir, key);
  return key;
}

/** AES-256-GCM; the result is `v1:<iv>:<tag>:<ciphertext>` in base64url. */
export function sealSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

/** Reverses `sealSecret`; a wrong key or a tampered value throws. */
export function openSecret(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
    throw new Error('not a sealed secret');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { CliError } from './errors.js';
import type { Io, Logger } from './io.js';

export type CliContext = {
  name: string;
  endpoint: string;
  token: string | null;
  accept_invalid_certificates: boolean;
  proxy: string | null;
};

/** The contexts file, in the same JSON shape as the official CLI's (cli.md §3.2). */
export type ContextsFile = {
  current_context: string | null;
  contexts: CliContext[];
  context_is_required: boolean;
};

/** The built-in endpoint when neither flag, environment nor context names one (cli.md §2.2). */
export const DEFAULT_ENDPOINT = 'http://localhost:8080/';

/** `~/.config/sift/contexts.json` and its macOS/Windows equivalents (cli.md §3.1). */
export function defaultContextsPath(env: Record<string, string | undefined>): string {
  const home = env['HOME'] ?? homedir();
  if (process.platform === 'win32') {
    return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'sift', 'contexts.json');
  }
  if (process.platform === 'darwin') {
    return join(home, 'Library', 'Application Support', 'sift', 'contexts.json');
  }
  const xdg = env['XDG_CONFIG_HOME'];
  return join(
    xdg !== undefined && xdg !== '' ? xdg : join(home, '.config'),
    'sift',
    'contexts.json',
  );
}

export type ConfigLocation = { path: string; explicit: boolean };

/** `--config-file` or the default path; a given but missing file only warns (cli.md §2.1). */
export function locateContexts(
  io: Io,
  log: Logger,
  configFile: string | undefined,
): ConfigLocation {
  if (configFile !== undefined) {
    if (!existsSync(configFile)) {
      log.warn(`Configuration file \`${configFile}\` doesn't exist.`);
    }
    return { path: configFile, explicit: true };
  }
  return { path: defaultContextsPath(io.env), explicit: false };
}

function normaliseContext(value: unknown, path: string): CliContext {
  if (value === null || typeof value !== 'object') {
    throw new CliError(`Could not parse config file \`${path}\``, {
      cause: new Error('a context is not an object'),
    });
  }
  const record = value as Record<string, unknown>;
  if (typeof record['name'] !== 'string' || typeof record['endpoint'] !== 'string') {
    throw new CliError(`Could not parse config file \`${path}\``, {
      cause: new Error('a context lacks a string `name` or `endpoint`'),
    });
  }
  return {
    name: record['name'],
    endpoint: record['endpoint'],
    token: typeof record['token'] === 'string' ? record['token'] : null,
    accept_invalid_certificates: record['accept_invalid_certificates'] === true,
    proxy: typeof record['proxy'] === 'string' ? record['proxy'] : null,
  };
}

/** An absent file is an empty configuration; `context_is_required` defaults to false (Sift difference). */
export function readContexts(path: string): ContextsFile {
  if (!existsSync(path)) {
    return { current_context: null, contexts: [], context_is_required: false };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new CliError(`Could not parse config file \`${path}\``, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliError(`Could not parse config file \`${path}\``, {
      cause: new Error('expected a JSON object'),
    });
  }
  const file = parsed as Record<string, unknown>;
  const contexts = Array.isArray(file['contexts']) ? file['contexts'] : [];
  return {
    current_context: typeof file['current_context'] === 'string' ? file['current_context'] : null,
    contexts: contexts.map((context) => normaliseContext(context, path)),
    context_is_required: file['context_is_required'] === true,
  };
}

/** Written on every change, pretty-printed; tokens are in clear text, so the file is 0600 (cli.md §3.1). */
export function writeContexts(path: string, contexts: ContextsFile): void {
  const directory = dirname(path);
  if (!existsSync(directory)) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  }
  writeFileSync(path, JSON.stringify(contexts, null, 2), { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Stored URLs are normalised: a bare host gets a trailing `/`. */
export function normaliseUrl(value: string): string {
  return new URL(value).toString();
}

export function currentContext(file: ContextsFile): CliContext | undefined {
  return file.current_context === null
    ? undefined
    : file.contexts.find((context) => context.name === file.current_context);
}

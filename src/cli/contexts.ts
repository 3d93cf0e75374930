import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

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

export function defaultContextsPath(env: Record<string, string | undefined>): string {
  const base = env['XDG_CONFIG_HOME'] ?? join(env['HOME'] ?? homedir(), '.config');
  return join(base, 'sift', 'contexts.json');
}

export function readContexts(path: string): ContextsFile {
  if (!existsSync(path)) {
    return { current_context: null, contexts: [], context_is_required: false };
  }
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ContextsFile>;
  return {
    current_context: parsed.current_context ?? null,
    contexts: parsed.contexts ?? [],
    context_is_required: parsed.context_is_required ?? false,
  };
}

/** Written on every change, pretty-printed; tokens are in clear text, so the file is 0600 (cli.md §3.1). */
export function writeContexts(path: string, contexts: ContextsFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(contexts, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Stored URLs are normalised: a bare host gets a trailing `/`. */
export function normaliseEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  return url.toString();
}

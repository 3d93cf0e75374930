import type { WithGlobals } from '../command.js';
import {
  DEFAULT_ENDPOINT,
  normaliseUrl,
  writeContexts,
  type CliContext,
  type ContextsFile,
} from '../contexts.js';
import { CliError } from '../errors.js';
import { readLine, type Io, type Logger } from '../io.js';
import { loadConfig, loggerFor } from '../session.js';

export type ConfigAddArgs = WithGlobals<{
  name?: string;
  endpoint?: string;
  token?: string;
  acceptInvalidCertificates?: boolean;
  /** A URL sets the proxy, `true` (the flag alone) clears it, absent keeps the existing one. */
  proxy?: string | true;
}>;

async function ask(io: Io, log: Logger, question: string): Promise<string> {
  log.prompt(question);
  return readLine(io);
}

function parseUrl(value: string): string | null {
  try {
    return normaliseUrl(value);
  } catch {
    return null;
  }
}

/**
 * Creates or updates a context (cli.md §3.3): prompts for what the flags leave out, stores URLs
 * normalised, and makes the first context the current one.
 */
export async function addOrEditContext(
  io: Io,
  log: Logger,
  path: string,
  file: ContextsFile,
  input: Omit<ConfigAddArgs, 'globals'>,
): Promise<void> {
  let name = input.name ?? (await ask(io, log, 'Context name: '));
  while (name === '') {
    // Without a terminal a second prompt would read the same end of input forever.
    if (io.stdin?.isTTY !== true) {
      throw new CliError('Context name cannot be empty.');
    }
    log.error('Context name cannot be empty.');
    name = await ask(io, log, 'Context name: ');
  }
  const existing = file.contexts.find((context) => context.name === name);
  log.info(
    existing
      ? `Context \`${name}\` already exists, it will be modified.`
      : `A new context \`${name}\` will be created.`,
  );

  let token = input.token ?? null;
  if (input.token === undefined) {
    const answer = await ask(io, log, 'Enter API token [none]: ');
    token = answer === '' ? null : answer;
  }
  if (token === null) {
    log.info(
      'No API token was associated with the context. You will have to enter it for every request.',
    );
  } else {
    log.warn(`Be careful, API tokens are stored in cleartext in ${path}.`);
  }

  let endpoint: string | null = null;
  if (input.endpoint !== undefined) {
    endpoint = parseUrl(input.endpoint);
    if (endpoint === null) {
      throw new CliError(`Invalid endpoint URL: ${input.endpoint}`);
    }
  }
  while (endpoint === null) {
    const fallback = existing?.endpoint ?? DEFAULT_ENDPOINT;
    const answer = await ask(io, log, `Endpoint [${fallback}]: `);
    endpoint = parseUrl(answer === '' ? fallback : answer);
    if (endpoint === null) {
      log.error(`Invalid endpoint URL: ${answer}`);
      if (io.stdin?.isTTY !== true) {
        throw new CliError(`Invalid endpoint URL: ${answer}`);
      }
    }
  }

  let proxy = existing?.proxy ?? null;
  if (input.proxy === true) {
    proxy = null;
  } else if (input.proxy !== undefined) {
    proxy = parseUrl(input.proxy);
    if (proxy === null) {
      throw new CliError(`Invalid proxy URL: ${input.proxy}`);
    }
  }

  const context: CliContext = {
    name,
    endpoint,
    token,
    accept_invalid_certificates: input.acceptInvalidCertificates === true,
    proxy,
  };
  const index = file.contexts.findIndex((candidate) => candidate.name === name);
  if (index >= 0) {
    file.contexts[index] = context;
  } else {
    file.contexts.push(context);
    if (file.contexts.length === 1) {
      log.info(`Default context set to \`${name}\`.`);
      file.current_context = name;
    }
  }
  writeContexts(path, file);
  log.info(existing ? `Context \`${name}\` was updated.` : `New context \`${name}\` was created.`);
}

/** `config add`. */
export async function run(args: ConfigAddArgs, io: Io): Promise<void> {
  const log = loggerFor(io, args.globals);
  const { location, file } = loadConfig(io, log, args.globals);
  const { globals: _globals, ...input } = args;
  await addOrEditContext(io, log, location.path, file, input);
}

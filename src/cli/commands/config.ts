import {
  defaultContextsPath,
  normaliseEndpoint,
  readContexts,
  writeContexts,
  type CliContext,
} from '../contexts.js';
import { log, type Io } from '../io.js';
import { printTable } from '../output.js';

export type ConfigOptions = { configFile?: string };

function pathOf(io: Io, options: ConfigOptions): string {
  return options.configFile ?? defaultContextsPath(io.env);
}

/** `config add`: create or update a context; the first context becomes current (cli.md §3.3). */
export function configAdd(
  io: Io,
  options: ConfigOptions,
  input: {
    name?: string;
    endpoint?: string;
    token?: string;
    acceptInvalidCertificates?: boolean;
    proxy?: string | boolean;
  },
): void {
  const path = pathOf(io, options);
  const file = readContexts(path);
  if (input.name === undefined || input.name === '') {
    throw new Error('Context name cannot be empty.');
  }
  const existing = file.contexts.find((context) => context.name === input.name);
  log(
    io,
    'I',
    existing
      ? `Context \`${input.name}\` already exists, it will be modified.`
      : `A new context \`${input.name}\` will be created.`,
  );
  const context: CliContext = {
    name: input.name,
    endpoint: normaliseEndpoint(input.endpoint ?? existing?.endpoint ?? 'http://localhost:8080'),
    token: input.token ?? existing?.token ?? null,
    accept_invalid_certificates:
      input.acceptInvalidCertificates ?? existing?.accept_invalid_certificates ?? false,
    proxy:
      input.proxy === true
        ? null
        : typeof input.proxy === 'string'
          ? input.proxy
          : (existing?.proxy ?? null),
  };
  if (context.token === null) {
    log(
      io,
      'W',
      'No API token was associated with the context. You will have to enter it for every request.',
    );
  } else {
    log(io, 'W', `Be careful, API tokens are stored in cleartext in ${path}.`);
  }
  file.contexts = [
    ...file.contexts.filter((candidate) => candidate.name !== context.name),
    context,
  ];
  if (file.current_context === null) {
    file.current_context = context.name;
    log(io, 'I', `Default context set to \`${context.name}\`.`);
  }
  writeContexts(path, file);
  log(
    io,
    'I',
    existing
      ? `Context \`${context.name}\` was updated.`
      : `New context \`${context.name}\` was created.`,
  );
}

export function configList(io: Io, options: ConfigOptions, showTokens: boolean): void {
  const file = readContexts(pathOf(io, options));
  if (file.contexts.length === 0) {
    log(io, 'I', 'No available contexts.');
    return;
  }
  const rows = [...file.contexts]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((context) => [
      context.name === file.current_context ? '->' : '',
      context.name,
      context.endpoint,
      context.accept_invalid_certificates ? 'Yes' : 'No',
      context.token === null ? 'None' : showTokens ? context.token : '<Hidden>',
      context.proxy ?? 'None',
    ]);
  printTable(io, ['Active', 'Context', 'Endpoint', 'Insecure', 'Token', 'Proxy'], rows);
}

export function configCurrent(io: Io, options: ConfigOptions): void {
  const file = readContexts(pathOf(io, options));
  if (file.current_context === null) {
    log(io, 'I', 'There is no default context in use.');
    return;
  }
  io.stdout.write(`${file.current_context}\n`);
}

export function configUse(io: Io, options: ConfigOptions, name: string): void {
  const path = pathOf(io, options);
  const file = readContexts(path);
  if (!file.contexts.some((context) => context.name === name)) {
    throw new Error(`No such context \`${name}\` exists in \`${path}\`.`);
  }
  file.current_context = name;
  writeContexts(path, file);
  log(io, 'I', `Switched to context \`${name}\`.`);
}

export function configDelete(io: Io, options: ConfigOptions, names: readonly string[]): void {
  const path = pathOf(io, options);
  const file = readContexts(path);
  for (const name of names) {
    if (!file.contexts.some((context) => context.name === name)) {
      throw new Error(`No such context \`${name}\` exists in \`${path}\`.`);
    }
    file.contexts = file.contexts.filter((context) => context.name !== name);
    if (file.current_context === name) {
      file.current_context = null;
    }
  }
  writeContexts(path, file);
}

export function configGetToken(io: Io, options: ConfigOptions, name?: string): void {
  const file = readContexts(pathOf(io, options));
  const wanted = name ?? file.current_context;
  if (wanted === null) {
    throw new Error('There is no default context in use.');
  }
  const context = file.contexts.find((candidate) => candidate.name === wanted);
  if (!context) {
    throw new Error(`No such context \`${wanted}\`.`);
  }
  if (context.token === null) {
    throw new Error(
      name === undefined
        ? 'The default context has no stored token.'
        : `The context \`${wanted}\` has no stored token.`,
    );
  }
  io.stdout.write(`${context.token}\n`);
}

export function configSetContextRequired(io: Io, options: ConfigOptions, value: string): void {
  if (value !== 'true' && value !== 'false') {
    throw new Error(`expected true or false, got: ${value}`);
  }
  const path = pathOf(io, options);
  const file = readContexts(path);
  file.context_is_required = value === 'true';
  writeContexts(path, file);
}

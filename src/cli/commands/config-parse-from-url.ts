import type { WithGlobals } from '../command.js';
import { CliError } from '../errors.js';
import { readLine, type Io } from '../io.js';
import { loadConfig, loggerFor } from '../session.js';

import { addOrEditContext } from './config-add.js';

export type ConfigParseFromUrlArgs = WithGlobals<{ url?: string; token?: string }>;

const INVALID_PATH = 'Invalid URL path, needs to contain <ORG NAME>/<TENANT NAME>/reinfer_/';

/**
 * `config parse-from-url`: a web-app URL `https://<host>/<ORG>/<TENANT>/reinfer_/…` becomes the context
 * `<ORG>/<TENANT>` with endpoint `https://<host>/<ORG>/<TENANT>/reinfer_` (cli.md §3.3).
 */
export async function run(args: ConfigParseFromUrlArgs, io: Io): Promise<void> {
  const log = loggerFor(io, args.globals);
  const { location, file } = loadConfig(io, log, args.globals);
  let text = args.url;
  if (text === undefined) {
    log.prompt('URL: ');
    text = await readLine(io);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`Invalid URL: ${text}`);
  }
  const segments = url.pathname.split('/').slice(1);
  if (segments.length < 3 || segments[2] !== 'reinfer_') {
    throw new CliError(INVALID_PATH);
  }
  const name = `${segments[0]}/${segments[1]}`;
  await addOrEditContext(io, log, location.path, file, {
    name,
    endpoint: `${url.protocol}//${url.host}/${name}/reinfer_`,
    ...(args.token === undefined ? {} : { token: args.token }),
  });
}

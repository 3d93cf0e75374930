import { createStreamRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { readLines } from '../lines.js';
import { isRecord } from '../models.js';
import { fetchDataset, ownedParams } from '../resolve.js';

export type CreateStreamsArgs = WithGlobals<{
  dataset: ResourceRef;
  file: string;
  modelVersion: number;
}>;

/** `create stream(s) -d <DATASET> -f <JSONL> -v <VERSION>`: one `PUT …/streams` per line (cli.md §5.2). */
export async function run(args: CreateStreamsArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    const dataset = await fetchDataset(session, args.dataset);
    for await (const line of readLines(args.file)) {
      if (line.text.trim() === '') {
        continue;
      }
      let stream: unknown;
      try {
        stream = JSON.parse(line.text) as unknown;
      } catch (error) {
        throw new CliError(`Could not parse stream at line ${line.number} from input stream`, {
          cause: error,
        });
      }
      if (!isRecord(stream) || typeof stream['name'] !== 'string') {
        throw new CliError(`Could not parse stream at line ${line.number} from input stream`, {
          cause: new Error('expected an object with a string `name`'),
        });
      }
      // A StreamNew (cli.md §6.4): other keys of the line are not sent, as the official client's
      // typed reader drops them.
      const body: Record<string, unknown> = {};
      for (const key of ['name', 'title', 'description', 'comment_filter']) {
        if (stream[key] !== undefined && stream[key] !== null) {
          body[key] = stream[key];
        }
      }
      const model = stream['model'];
      if (isRecord(model)) {
        body['model'] = { ...model, version: args.modelVersion };
      }
      await withContext(`Could not create stream ${stream['name']}`, () =>
        session.client.request(createStreamRoute, {
          params: ownedParams(dataset),
          body: { stream: body },
        }),
      );
      session.log.info(`Created stream ${stream['name']}`);
    }
  });
}

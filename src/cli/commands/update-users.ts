import { statSync } from 'node:fs';

import { updateUserRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import type { Io } from '../io.js';
import { readLines } from '../lines.js';
import { isRecord } from '../models.js';
import { startProgress } from '../progress.js';

export type UpdateUsersArgs = WithGlobals<{ file?: string; progress?: boolean }>;

/** `update users`: per line `{"id", "organisation_permissions"?, "global_permissions"?}` (cli.md §5.3). */
export async function run(args: UpdateUsersArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    let total: number | null = null;
    if (args.file !== undefined) {
      session.log.info(`Processing users from file \`${args.file}\``);
      try {
        total = statSync(args.file).size;
      } catch (error) {
        throw new CliError(`Could not get file metadata for \`${args.file}\``, { cause: error });
      }
    } else {
      session.log.info('Processing users from stdin');
      if (io.stdin === undefined) {
        throw new CliError('No input: stdin is not available');
      }
    }
    let updated = 0;
    let bytes = 0;
    const progress = startProgress(io, session.log, {
      enabled: args.file !== undefined && args.progress !== false,
      total,
      bytes: true,
      message: () => `${updated} users`,
    });
    try {
      for await (const line of readLines(args.file ?? (io.stdin as NodeJS.ReadableStream))) {
        bytes += line.bytes;
        if (line.text.trim() === '') {
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(line.text) as unknown;
        } catch (error) {
          throw new CliError(`Could not parse user at line ${line.number} from input stream`, {
            cause: error,
          });
        }
        if (!isRecord(value) || typeof value['id'] !== 'string') {
          throw new CliError(`Could not parse user at line ${line.number} from input stream`, {
            cause: new Error('missing field `id`'),
          });
        }
        const userId = value['id'];
        const user = {
          ...(isRecord(value['organisation_permissions'])
            ? { organisation_permissions: value['organisation_permissions'] }
            : {}),
          ...(Array.isArray(value['global_permissions'])
            ? { global_permissions: value['global_permissions'] }
            : {}),
        };
        await withContext('Could not update user', () =>
          session.client.request(updateUserRoute, { params: { user_id: userId }, body: { user } }),
        );
        updated += 1;
        progress.update(bytes);
      }
    } finally {
      progress.stop();
    }
    session.log.info(`Successfully updated ${updated} users`);
  });
}

import { issueUserTokenRoute, regenerateOwnTokenRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import type { Io } from '../io.js';

export type AuthRegenerateTokenArgs = WithGlobals<{ user?: string }>;

/** `auth regenerate-token [--user <ID>]` (Sift addition): prints the new token on stdout. */
export async function run(args: AuthRegenerateTokenArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    const userId = args.user;
    const response: Record<string, unknown> = await withContext(
      'Operation to regenerate the API token has failed.',
      () =>
        userId === undefined
          ? session.client.request(regenerateOwnTokenRoute, { body: {} })
          : session.client.request(issueUserTokenRoute, { params: { user_id: userId }, body: {} }),
    );
    const token = response['token'] ?? response['api_token'];
    if (typeof token !== 'string') {
      throw new CliError('The server did not return a token.');
    }
    io.stdout.write(`${token}\n`);
    session.log.warn('The previous API token of this user no longer works.');
  });
}

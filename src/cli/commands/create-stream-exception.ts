import { streamExceptionsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { StreamRef } from '../identifiers.js';
import type { Io } from '../io.js';

export type CreateStreamExceptionArgs = WithGlobals<{
  stream: StreamRef;
  type: string;
  uid: string;
}>;

/** `create stream-exception --stream <p/d/s> --type <TEXT> --uid <UID>` (cli.md §5.2). */
export async function run(args: CreateStreamExceptionArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    await withContext('Operation to create a stream exception has failed', () =>
      session.client.request(streamExceptionsRoute, {
        params: {
          project: args.stream.owner,
          name: args.stream.dataset,
          stream: args.stream.stream,
        },
        body: { exceptions: [{ metadata: { type: args.type }, uid: args.uid }] },
      }),
    );
    session.log.info('New stream exception created successfully');
  });
}

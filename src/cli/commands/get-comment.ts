import { getCommentRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { attachmentsDirFor, downloadAttachments, openSink } from '../downloads.js';
import { CliError, withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { annotatedCommentModel } from '../models.js';
import { fetchSource, ownedParams } from '../resolve.js';

export type GetCommentArgs = WithGlobals<{
  commentId: string;
  source: ResourceRef;
  file?: string;
  attachments?: boolean;
}>;

/** `get comment <ID> --source <SOURCE>`: one line `{"comment": …}` (cli.md §5.1). */
export async function run(args: GetCommentArgs, io: Io): Promise<void> {
  if (args.file === undefined && args.attachments !== undefined) {
    throw new CliError('Cannot include attachment content when no file is provided');
  }
  const sink = openSink(io, args.file);
  const directory =
    args.file !== undefined && args.attachments === true ? attachmentsDirFor(args.file) : undefined;
  try {
    await withSession(io, args.globals, 'read', async (session) => {
      const source = await withContext('Operation to get source has failed.', () =>
        fetchSource(session, args.source),
      );
      const { comment } = await session.client.request(getCommentRoute, {
        params: { ...ownedParams(source), comment_id: args.commentId },
        query: { include_markup: true },
      });
      if (directory !== undefined) {
        await downloadAttachments(session, directory, comment);
      }
      await sink.write([annotatedCommentModel({ comment })]);
    });
  } finally {
    await sink.close();
  }
}

import { bucketStatisticsRoute, getEmailByIdRoute, listEmailsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { openSink } from '../downloads.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { emailModel, isRecord } from '../models.js';
import { startProgress } from '../progress.js';
import { fetchBucket, ownedParams } from '../resolve.js';

export type GetEmailsArgs = WithGlobals<{ bucket: ResourceRef; id?: string; file?: string }>;

const PAGE_SIZE = 64;

/**
 * `get emails <BUCKET> [ID]`: one email by id, or every email paged with `POST …/emails`; always JSON
 * Lines to stdout or `-f` (cli.md §4.3, §5.1).
 */
export async function run(args: GetEmailsArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const bucket = await withContext('Operation to get bucket has failed.', () =>
      fetchBucket(session, args.bucket),
    );
    const params = ownedParams(bucket);
    const sink = openSink(io, args.file);
    try {
      const id = args.id;
      if (id !== undefined) {
        const response = await withContext('Operation to get email has failed.', () =>
          session.client.request(getEmailByIdRoute, { params, query: { id } }),
        );
        const emails = Array.isArray(response['emails']) ? response['emails'] : [];
        await sink.write(emails.map(emailModel));
        return;
      }
      const statistics = await withContext('Could not get statistics for bucket', () =>
        session.client.request(bucketStatisticsRoute, { params }),
      );
      const count = isRecord(statistics['statistics'])
        ? statistics['statistics']['count']
        : undefined;
      const total = isRecord(count) && typeof count['value'] === 'number' ? count['value'] : null;
      let downloaded = 0;
      const progress = startProgress(io, session.log, {
        enabled: true,
        total,
        bytes: false,
        message: () => `${downloaded} emails`,
      });
      try {
        let continuation: unknown = undefined;
        for (;;) {
          const page = await withContext('Operation to get emails has failed.', () =>
            session.client.request(listEmailsRoute, {
              params,
              body: {
                limit: PAGE_SIZE,
                ...(continuation === undefined ? {} : { continuation }),
              },
            }),
          );
          const emails = Array.isArray(page['emails']) ? page['emails'] : [];
          await sink.write(emails.map(emailModel));
          downloaded += emails.length;
          progress.update(downloaded);
          continuation = page['continuation'];
          if (continuation === undefined || continuation === null) {
            break;
          }
        }
      } finally {
        progress.stop();
      }
      session.log.info(`Successfully downloaded ${downloaded} emails.`);
    } finally {
      await sink.close();
    }
  });
}

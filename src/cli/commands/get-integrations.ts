import { getIntegrationRoute, listIntegrationsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { openSink } from '../downloads.js';
import { withContext } from '../errors.js';
import type { Io } from '../io.js';
import { integrationModel, isRecord, type Json } from '../models.js';
import { printResources } from '../output.js';
import { byOwnerAndName } from '../tables.js';

export type GetIntegrationsArgs = WithGlobals<{
  integration?: { owner: string; name: string };
  file?: string;
}>;

function created(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 19).replace('T', ' ') : '';
}

/** `get integrations [OWNER/NAME] [-f FILE]` (cli.md §5.1); JSON Lines to the file when given. */
export async function run(args: GetIntegrationsArgs, io: Io): Promise<void> {
  const sink = args.file === undefined ? undefined : openSink(io, args.file);
  try {
    await withSession(io, args.globals, 'read', async (session) => {
      const one = args.integration;
      const integrations: Json[] = await withContext(
        'Operation to list integrations has failed.',
        async () => {
          if (one !== undefined) {
            const response = await session.client.request(getIntegrationRoute, {
              params: { project: one.owner, name: one.name },
            });
            return isRecord(response['integration']) ? [response['integration']] : [];
          }
          const response = await session.client.request(listIntegrationsRoute);
          return (Array.isArray(response['integrations']) ? response['integrations'] : [])
            .filter(isRecord)
            .sort(byOwnerAndName);
        },
      );
      if (sink !== undefined) {
        await sink.write(integrations.map(integrationModel));
        return;
      }
      printResources<Json>(session.io, session.output, integrations, {
        headers: ['Project', 'Name', 'ID', 'Created (UTC)', 'Mailbox Count'],
        model: integrationModel,
        row: (integration) => {
          const configuration = isRecord(integration['configuration'])
            ? integration['configuration']
            : {};
          const mailboxes = configuration['mailboxes'];
          return [
            String(integration['owner']),
            String(integration['name']),
            String(integration['id']),
            created(integration['created_at']),
            String(Array.isArray(mailboxes) ? mailboxes.length : 0),
          ];
        },
      });
    });
  } finally {
    await sink?.close();
  }
}

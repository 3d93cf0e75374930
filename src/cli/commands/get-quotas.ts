import { listQuotasRoute, listTenantQuotasRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { Io } from '../io.js';
import { isRecord, quotaModel, type Json } from '../models.js';
import { dim, printResources, thousands, type Cell } from '../output.js';

export type GetQuotasArgs = WithGlobals<{ tenant?: string }>;

function amount(value: unknown): Cell {
  return typeof value === 'number' ? thousands(value) : dim('N/A');
}

/** `get quotas [-t <TENANT>]`: `GET /api/_private/quotas[/<tenant>]` (cli.md §5.1). */
export async function run(args: GetQuotasArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const tenant = args.tenant;
    const response = await withContext('Operation to list quotas has failed.', () =>
      tenant === undefined
        ? session.client.request(listQuotasRoute)
        : session.client.request(listTenantQuotasRoute, { params: { tenant } }),
    );
    const quotas = (Array.isArray(response['quotas']) ? response['quotas'] : []).filter(isRecord);
    printResources<Json>(session.io, session.output, quotas, {
      headers: ['Kind', 'Hard Limit', 'Self-serve limit', 'Usage (Total)', 'Usage %'],
      model: quotaModel,
      row: (quota) => {
        const limit = quota['hard_limit'];
        const usage = quota['current_max_usage'];
        const percent =
          typeof limit === 'number' && limit !== 0 && typeof usage === 'number'
            ? String(Math.round((usage / limit) * 100))
            : dim('N/A');
        return [
          String(quota['quota_kind']),
          amount(limit),
          amount(quota['auto_increase_up_to']),
          amount(usage),
          percent,
        ];
      },
    });
  });
}

import { setQuotaRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import type { Io } from '../io.js';

export type CreateQuotaArgs = WithGlobals<{
  reinferTenantId?: string;
  uipathTenantId?: string;
  quotaKind: string;
  limit: number;
  autoIncreaseUpTo?: number;
}>;

/** `create quota`: `POST /api/_private/quotas/<tenant>/<kind>` (cli.md §5.2). */
export async function run(args: CreateQuotaArgs, io: Io): Promise<void> {
  const tenants = [args.reinferTenantId, args.uipathTenantId].filter(
    (tenant): tenant is string => tenant !== undefined,
  );
  const tenant = tenants[0];
  if (tenant === undefined || tenants.length > 1) {
    throw new CliError(
      'Exactly one of `--reinfer-tenant-id` and `--uipath-tenant-id` must be given',
    );
  }
  await withSession(io, args.globals, 'write', async (session) => {
    await withContext('Operation to set quota has failed', () =>
      session.client.request(setQuotaRoute, {
        params: { tenant, kind: args.quotaKind },
        body: {
          hard_limit: args.limit,
          ...(args.autoIncreaseUpTo === undefined
            ? {}
            : { auto_increase_up_to: args.autoIncreaseUpTo }),
        },
      }),
    );
    session.log.info(
      `New quota \`${args.quotaKind}\` set successfully in tenant with id \`${tenant}\``,
    );
  });
}

import {
  INTEGRATION_TYPES,
  type Integration,
  type IntegrationError,
  type IntegrationNew,
  type Mailbox,
} from '../../contracts/integrations.js';
import { loadServerKey, sealSecret } from '../../lib/secret-box.js';
import { parseTimestamp } from '../../lib/timestamps.js';
import type { IntegrationRecord, Store } from '../../store/store.js';
import type { CallContext } from '../context.js';
import type { Deps } from '../deps.js';
import { conflict, invalid, notFound } from '../errors.js';
import { checkName, parseIdRef } from '../names.js';
import {
  canSeeProject,
  hasProjectPermission,
  requireProjectPermission,
} from '../permissions/principal.js';
import { projectWithPermission } from '../projects/project-access.js';
import { now } from '../time.js';

export type IntegrationRef = { project: string; name?: string };

const TLS_MODES = ['implicit', 'starttls', 'none'] as const;

/** The IMAP connection as stored in `configuration` (the password is kept apart, sealed). */
export type ImapConnection = {
  kind: 'imap';
  host: string;
  port: number;
  tls: (typeof TLS_MODES)[number];
  username: string;
};

export function serverKey(deps: Deps): Buffer {
  return loadServerKey(deps.config.secretKey, deps.config.dataDir);
}

export function toIntegrationResponse(record: IntegrationRecord): Integration {
  return {
    id: record.id,
    owner: record.owner,
    name: record.name,
    title: record.title,
    type: record.type,
    created_at: record.created_at,
    updated_at: record.updated_at,
    enabled: record.enabled,
    disabled_reason: record.disabled_reason,
    configuration: record.configuration as Integration['configuration'],
  };
}

async function resolveIntegration(
  context: CallContext,
  store: Store,
  ref: IntegrationRef,
  permission: string,
): Promise<IntegrationRecord> {
  const id = ref.name === undefined ? parseIdRef(ref.project) : null;
  if (id !== null) {
    const message = `Integration 'id:${id}' not found`;
    const integration = await store.integrations.getById(id);
    if (!integration) {
      throw notFound(message);
    }
    requireProjectPermission(context.principal, integration.owner, permission, message);
    return integration;
  }
  if (ref.name === undefined) {
    throw notFound(`Integration '${ref.project}' not found`);
  }
  checkName('project', ref.project);
  checkName('integration', ref.name);
  const message = `Integration '${ref.project}/${ref.name}' not found`;
  requireProjectPermission(context.principal, ref.project, permission, message);
  const integration = await store.integrations.getByName(ref.project, ref.name);
  if (!integration) {
    throw notFound(message);
  }
  return integration;
}

function checkImapConnection(
  connection: Record<string, unknown> | undefined,
  storedSecret: string | null,
): { connection: ImapConnection; password: string | null } {
  if (connection === undefined) {
    throw invalid('integration.configuration.connection is required for an imap integration');
  }
  const path = 'integration.configuration.connection';
  const { kind, host, port, tls, username, password } = connection;
  if (kind !== undefined && kind !== 'imap') {
    throw invalid(`${path}.kind: expected 'imap'`);
  }
  if (typeof host !== 'string' || host.trim() === '') {
    throw invalid(`${path}.host: expected a host name`);
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalid(`${path}.port: expected an integer between 1 and 65535`);
  }
  if (typeof tls !== 'string' || !(TLS_MODES as readonly string[]).includes(tls)) {
    throw invalid(`${path}.tls: expected one of ${TLS_MODES.join(', ')}`);
  }
  if (typeof username !== 'string' || username === '') {
    throw invalid(`${path}.username: expected the login name`);
  }
  if (password !== undefined && typeof password !== 'string') {
    throw invalid(`${path}.password: expected a string`);
  }
  if (password === undefined && storedSecret === null) {
    throw invalid(`${path}.password is required`);
  }
  return {
    connection: { kind: 'imap', host, port, tls: tls as ImapConnection['tls'], username },
    password: password ?? null,
  };
}

function checkMailboxes(owner: string, mailboxes: readonly Mailbox[]): Record<string, unknown>[] {
  const seen = new Set<string>();
  return mailboxes.map((mailbox, index) => {
    const path = `integration.configuration.mailboxes[${index}]`;
    const email = mailbox.email.trim().toLowerCase();
    if (seen.has(email)) {
      throw invalid(`${path}.email: '${mailbox.email}' appears twice`);
    }
    seen.add(email);
    const bucket = mailbox.bucket_specification;
    // The connector creates and fills this bucket with the integration's own rights.
    if (bucket.project_name !== owner) {
      throw invalid(
        `${path}.bucket_specification.project_name: must be the integration's project '${owner}'`,
      );
    }
    checkName('bucket', bucket.name);
    const out: Record<string, unknown> = { ...mailbox, enabled: mailbox.enabled ?? true };
    if (mailbox.start_timestamp !== undefined) {
      const parsed = parseTimestamp(mailbox.start_timestamp);
      if (!parsed.ok) {
        throw invalid(`${path}.start_timestamp: ${parsed.error}`);
      }
      out['start_timestamp'] = parsed.value;
    }
    out['bucket_specification'] = {
      project_name: bucket.project_name,
      name: bucket.name,
      title: bucket.title ?? '',
    };
    return out;
  });
}

type Settings = Pick<IntegrationRecord, 'type' | 'title' | 'enabled' | 'configuration' | 'secret'>;

function settingsOf(
  deps: Deps,
  owner: string,
  input: IntegrationNew,
  stored: IntegrationRecord | null,
): Settings {
  const type = input.type ?? input.integration_type ?? stored?.type ?? 'exchange_online';
  if (!(INTEGRATION_TYPES as readonly string[]).includes(type)) {
    throw invalid(`integration.type: '${type}' is not one of ${INTEGRATION_TYPES.join(', ')}`);
  }
  const mailboxes = checkMailboxes(owner, input.configuration.mailboxes);
  let connection = input.configuration.connection;
  let secret: string | null = null;
  if (type === 'imap') {
    const storedSecret = stored?.type === 'imap' ? stored.secret : null;
    const imap = checkImapConnection(connection, storedSecret);
    connection = imap.connection;
    secret = imap.password === null ? storedSecret : sealSecret(serverKey(deps), imap.password);
  }
  return {
    type,
    title: input.title ?? stored?.title ?? '',
    enabled: input.enabled ?? stored?.enabled ?? true,
    configuration: { ...(connection === undefined ? {} : { connection }), mailboxes },
    secret,
  };
}

/**
 * Sift cannot reach Exchange Online (api.md §6.12): every enabled mailbox of such an integration
 * records the documented error once per save, and nothing is synced.
 */
async function recordExchangeErrors(
  store: Store,
  deps: Deps,
  record: IntegrationRecord,
): Promise<void> {
  if (record.type !== 'exchange_online' || !record.enabled) {
    return;
  }
  const mailboxes = (record.configuration['mailboxes'] ?? []) as Record<string, unknown>[];
  for (const mailbox of mailboxes.filter((entry) => entry['enabled'] !== false)) {
    const text = `Mailbox '${String(mailbox['email'])}' cannot be synced: Sift has no access to Exchange Online`;
    await store.integrations.addError({
      id: deps.ids.next(),
      integration_id: record.id,
      error_text: text,
      error_details: { kind: 'unknown_forbidden_error', full_error_text: text },
      error_action: null,
      created_at: now(deps),
      processed_at: null,
    });
  }
}

export async function listIntegrations(
  context: CallContext,
  project?: string,
): Promise<Integration[]> {
  const store = context.deps.store;
  if (project !== undefined) {
    await projectWithPermission(context, store, project, 'integrations-read');
  }
  return (await store.integrations.list(project))
    .filter(
      (integration) =>
        canSeeProject(context.principal, integration.owner) &&
        hasProjectPermission(context.principal, integration.owner, 'integrations-read'),
    )
    .map(toIntegrationResponse);
}

export async function getIntegration(
  context: CallContext,
  ref: IntegrationRef,
): Promise<Integration> {
  return toIntegrationResponse(
    await resolveIntegration(context, context.deps.store, ref, 'integrations-read'),
  );
}

export async function createIntegration(
  context: CallContext,
  projectName: string,
  name: string,
  input: IntegrationNew,
): Promise<Integration> {
  checkName('integration', name);
  return context.deps.store.transaction(async (store) => {
    const project = await projectWithPermission(context, store, projectName, 'integrations-write');
    if (await store.integrations.getByName(projectName, name)) {
      throw conflict(`Integration '${projectName}/${name}' already exists`);
    }
    const timestamp = now(context.deps);
    const record: IntegrationRecord = {
      id: context.deps.ids.next(),
      project_id: project.id,
      owner: project.name,
      name,
      created_at: timestamp,
      updated_at: timestamp,
      disabled_reason: null,
      ...settingsOf(context.deps, project.name, input, null),
    };
    const { owner: _owner, ...row } = record;
    await store.integrations.insert(row);
    await recordExchangeErrors(store, context.deps, record);
    return toIntegrationResponse(record);
  });
}

export async function updateIntegration(
  context: CallContext,
  ref: IntegrationRef,
  input: IntegrationNew,
): Promise<Integration> {
  return context.deps.store.transaction(async (store) => {
    const stored = await resolveIntegration(context, store, ref, 'integrations-write');
    const settings = settingsOf(context.deps, stored.owner, input, stored);
    const record: IntegrationRecord = {
      ...stored,
      ...settings,
      // Re-enabling by hand clears a reason the connector set.
      disabled_reason: settings.enabled ? null : (stored.disabled_reason ?? 'user'),
      updated_at: now(context.deps),
    };
    await store.integrations.update(record);
    await recordExchangeErrors(store, context.deps, record);
    return toIntegrationResponse(record);
  });
}

export async function deleteIntegration(context: CallContext, ref: IntegrationRef): Promise<void> {
  if (ref.name !== undefined || !ref.project.startsWith('id:')) {
    throw notFound('404 Not Found');
  }
  await context.deps.store.transaction(async (store) => {
    const integration = await resolveIntegration(context, store, ref, 'integrations-write');
    await store.integrations.delete(integration.id);
  });
}

export async function integrationErrors(
  context: CallContext,
  ref: IntegrationRef,
): Promise<IntegrationError[]> {
  const store = context.deps.store;
  const integration = await resolveIntegration(context, store, ref, 'integrations-read');
  return (await store.integrations.listErrors(integration.id)).map((error) => ({
    id: error.id,
    integration_id: error.integration_id,
    error_text: error.error_text,
    error_details: error.error_details as IntegrationError['error_details'],
    error_action: error.error_action as IntegrationError['error_action'],
    created_at: error.created_at,
    ...(error.processed_at === null ? {} : { processed_at: error.processed_at }),
  }));
}

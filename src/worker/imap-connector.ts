import { ImapFlow, type FetchMessageObject, type ListResponse } from 'imapflow';

import type { EmailNew } from '../contracts/buckets.js';
import { ingestEmails } from '../domain/buckets/bucket-emails.js';
import type { Deps } from '../domain/deps.js';
import { AppError } from '../domain/errors.js';
import { serverKey, type ImapConnection } from '../domain/integrations/manage-integrations.js';
import { now } from '../domain/time.js';
import { sha256Hex } from '../lib/hash.js';
import { openSecret } from '../lib/secret-box.js';
import type { BucketRecord, IntegrationRecord, Store } from '../store/store.js';

/** Consecutive authentication failures after which a mailbox is disabled (api.md §6.12). */
export const AUTH_FAILURES_BEFORE_DISABLE = 3;
/** Messages fetched and stored per transaction. */
const CHUNK = 200;

type MailboxConfig = {
  email: string;
  enabled?: boolean;
  folder_allowlist?: string[][];
  folder_denylist?: string[][];
  participant_allowlist?: string[];
  participant_denylist?: string[];
  participant_domain_allowlist?: string[];
  participant_domain_denylist?: string[];
  start_timestamp?: string;
  bucket_specification: { project_name: string; name: string; title: string };
};

export type SyncOptions = {
  /** Stop a folder after this many messages (tests use it to stop a backfill half way). */
  maxMessagesPerFolder?: number;
};

/** The 16-hex key of a mailbox's (folder `null`) or a folder's keyed sync state (api.md §6.5). */
export function syncStateKey(mailbox: string, folder: readonly string[] | null): string {
  return sha256Hex(
    `${mailbox.toLowerCase()}\u0000${folder === null ? '' : folder.join('\u0000')}`,
  ).slice(0, 16);
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

async function ensureBucket(
  store: Store,
  deps: Deps,
  integration: IntegrationRecord,
  spec: MailboxConfig['bucket_specification'],
): Promise<BucketRecord> {
  return store.transaction(async (tx) => {
    const existing = await tx.buckets.getByName(integration.owner, spec.name);
    if (existing) {
      return existing;
    }
    const at = now(deps);
    const record: BucketRecord = {
      id: deps.ids.next(),
      project_id: integration.project_id,
      owner: integration.owner,
      name: spec.name,
      title: spec.title,
      bucket_type: 'emails',
      created_at: at,
      updated_at: at,
      last_updated_by: null,
    };
    const { owner: _owner, ...row } = record;
    await tx.buckets.insert(row);
    return record;
  });
}

async function recordError(
  deps: Deps,
  integration: IntegrationRecord,
  mailbox: MailboxConfig,
  kind: string,
  detail: string,
  action: { bucket_id: string | null } | null = null,
): Promise<void> {
  const text = `Mailbox '${mailbox.email}': ${detail}`;
  await deps.store.integrations.addError({
    id: deps.ids.next(),
    integration_id: integration.id,
    error_text: text,
    error_details: { kind, full_error_text: text },
    error_action:
      action === null
        ? null
        : { kind: 'mailbox_disabled', mailbox_name: mailbox.email, bucket_id: action.bucket_id },
    created_at: now(deps),
    processed_at: null,
  });
}

/** Failed logins since the mailbox last synced; the third in a row disables it. */
async function onAuthFailure(
  deps: Deps,
  integration: IntegrationRecord,
  mailbox: MailboxConfig,
  bucket: BucketRecord,
): Promise<void> {
  const state = await deps.store.buckets.getSyncStateByKey(
    bucket.id,
    syncStateKey(mailbox.email, null),
  );
  const since =
    typeof state?.state['last_synced_at'] === 'string' ? state.state['last_synced_at'] : '';
  const prefix = `Mailbox '${mailbox.email}':`;
  const earlier = (await deps.store.integrations.listErrors(integration.id)).filter(
    (error) =>
      error.error_details['kind'] === 'invalid_exchange_credentials' &&
      error.error_text.startsWith(prefix) &&
      error.created_at > since,
  ).length;
  const disable = earlier + 1 >= AUTH_FAILURES_BEFORE_DISABLE;
  await recordError(
    deps,
    integration,
    mailbox,
    'invalid_exchange_credentials',
    'the IMAP server refused the login',
    disable ? { bucket_id: bucket.id } : null,
  );
  if (!disable) {
    return;
  }
  await deps.store.transaction(async (tx) => {
    const current = await tx.integrations.getById(integration.id);
    if (!current) {
      return;
    }
    const mailboxes = (current.configuration['mailboxes'] as Record<string, unknown>[]).map(
      (entry) =>
        entry['email'] === mailbox.email
          ? { ...entry, enabled: false, disabled_reason: 'sync_error' }
          : entry,
    );
    await tx.integrations.update({
      ...current,
      configuration: { ...current.configuration, mailboxes },
      updated_at: now(deps),
    });
  });
}

function participants(message: FetchMessageObject): string[] {
  const envelope = message.envelope;
  return [
    ...(envelope?.from ?? []),
    ...(envelope?.sender ?? []),
    ...(envelope?.to ?? []),
    ...(envelope?.cc ?? []),
    ...(envelope?.bcc ?? []),
  ]
    .map((address) => (address.address ?? '').toLowerCase())
    .filter((address) => address !== '');
}

function passesParticipantFilters(mailbox: MailboxConfig, message: FetchMessageObject): boolean {
  const addresses = participants(message);
  const domains = addresses.map((address) => address.slice(address.lastIndexOf('@') + 1));
  const lower = (list: string[] | undefined) => list?.map((entry) => entry.toLowerCase());
  const allow = lower(mailbox.participant_allowlist);
  const deny = lower(mailbox.participant_denylist);
  const allowDomains = lower(mailbox.participant_domain_allowlist);
  const denyDomains = lower(mailbox.participant_domain_denylist);
  if (deny?.some((entry) => addresses.includes(entry))) {
    return false;
  }
  if (denyDomains?.some((entry) => domains.includes(entry))) {
    return false;
  }
  if (
    allow !== undefined &&
    allow.length > 0 &&
    !allow.some((entry) => addresses.includes(entry))
  ) {
    return false;
  }
  if (
    allowDomains !== undefined &&
    allowDomains.length > 0 &&
    !allowDomains.some((entry) => domains.includes(entry))
  ) {
    return false;
  }
  return true;
}

function toEmail(mailbox: MailboxConfig, folder: string[], message: FetchMessageObject): EmailNew {
  const source = message.source ?? Buffer.alloc(0);
  const received =
    message.internalDate instanceof Date
      ? message.internalDate
      : new Date(message.internalDate ?? message.envelope?.date ?? Date.now());
  // Spam and broken clients write Date headers from year 0 or 2102: the server's arrival time is then
  // the better timestamp, and one such email must not make its whole batch fail validation.
  const header = message.envelope?.date;
  const sent =
    header instanceof Date &&
    !Number.isNaN(header.getTime()) &&
    header.getUTCFullYear() >= 1900 &&
    header.getTime() <= Date.now() + 366 * 24 * 3600 * 1000
      ? header
      : received;
  return {
    // The Message-ID makes a re-fetch after a UIDVALIDITY change land on the same email.
    id: message.envelope?.messageId ?? `sha256:${sha256Hex(source.toString('latin1'))}`,
    mailbox: mailbox.email,
    timestamp: sent.toISOString(),
    mime_content: source.toString('utf8'),
    metadata: { folder, received_at: received.toISOString(), size: source.length },
  };
}

function selectFolders(mailbox: MailboxConfig, folders: ListResponse[]): string[][] {
  const selectable = folders
    .filter((folder) => !folder.flags.has('\\Noselect') && !folder.flags.has('\\NonExistent'))
    .map((folder) => (folder.delimiter ? folder.path.split(folder.delimiter) : [folder.path]));
  return selectable.filter(
    (path) =>
      (mailbox.folder_allowlist === undefined ||
        mailbox.folder_allowlist.length === 0 ||
        mailbox.folder_allowlist.some((allowed) => samePath(allowed, path))) &&
      !(mailbox.folder_denylist ?? []).some((denied) => samePath(denied, path)),
  );
}

async function syncFolder(
  deps: Deps,
  tenantId: string,
  client: ImapFlow,
  mailbox: MailboxConfig,
  bucket: BucketRecord,
  folder: string[],
  delimiter: string,
  options: SyncOptions,
): Promise<void> {
  const key = syncStateKey(mailbox.email, folder);
  const lock = await client.getMailboxLock(folder.join(delimiter), { readOnly: true });
  try {
    const opened = client.mailbox;
    if (opened === false) {
      return;
    }
    const uidValidity = String(opened.uidValidity);
    const stored = await deps.store.buckets.getSyncStateByKey(bucket.id, key);
    const fingerprint = stored?.state['fingerprint'];
    const [storedValidity, storedNext] = (typeof fingerprint === 'string' ? fingerprint : '').split(
      ':',
    );
    // A new UIDVALIDITY renumbers the folder: fetch it all again; email ids keep it duplicate-free.
    let nextUid = storedValidity === uidValidity ? Number(storedNext) || 1 : 1;
    const query: { uid: string; since?: Date } = { uid: `${nextUid}:*` };
    if (mailbox.start_timestamp !== undefined) {
      query.since = new Date(mailbox.start_timestamp);
    }
    const found = (await client.search(query, { uid: true })) || [];
    let uids = found.filter((uid) => uid >= nextUid).sort((a, b) => a - b);
    if (options.maxMessagesPerFolder !== undefined) {
      uids = uids.slice(0, options.maxMessagesPerFolder);
    }
    let syncedUntil =
      typeof stored?.state['synced_until'] === 'string' ? stored.state['synced_until'] : null;
    const writeState = async (status: 'IN_PROGRESS' | 'UP_TO_DATE') =>
      deps.store.buckets.putSyncStateByKey({
        bucket_id: bucket.id,
        key,
        mailbox_name: mailbox.email,
        state: {
          mailbox_name: mailbox.email,
          folder_id: key,
          folder_path: folder,
          status,
          synced_until: syncedUntil,
          last_synced_at: now(deps),
          fingerprint: `${uidValidity}:${nextUid}`,
        },
      });
    for (let start = 0; start < uids.length; start += CHUNK) {
      const chunk = uids.slice(start, start + CHUNK);
      const emails: EmailNew[] = [];
      for await (const message of client.fetch(
        chunk.join(','),
        { uid: true, source: true, envelope: true, internalDate: true },
        { uid: true },
      )) {
        if (passesParticipantFilters(mailbox, message)) {
          emails.push(toEmail(mailbox, folder, message));
        }
      }
      if (emails.length > 0) {
        await ingestEmails(deps, tenantId, bucket.id, emails);
        const newest = emails
          .map((email) => email.timestamp)
          .sort()
          .at(-1)!;
        syncedUntil = syncedUntil === null || newest > syncedUntil ? newest : syncedUntil;
      }
      // Only after the emails are committed: a crash before this line re-fetches the chunk.
      nextUid = chunk.at(-1)! + 1;
      await writeState('IN_PROGRESS');
    }
    await writeState(
      options.maxMessagesPerFolder !== undefined && uids.length >= options.maxMessagesPerFolder
        ? 'IN_PROGRESS'
        : 'UP_TO_DATE',
    );
  } finally {
    lock.release();
  }
}

async function syncMailbox(
  deps: Deps,
  tenantId: string,
  integration: IntegrationRecord,
  mailbox: MailboxConfig,
  options: SyncOptions,
): Promise<void> {
  const connection = integration.configuration['connection'] as ImapConnection;
  const bucket = await ensureBucket(deps.store, deps, integration, mailbox.bucket_specification);
  const client = new ImapFlow({
    host: connection.host,
    port: connection.port,
    secure: connection.tls === 'implicit',
    doSTARTTLS:
      connection.tls === 'starttls' ? true : connection.tls === 'none' ? false : undefined,
    auth: {
      user: connection.username,
      pass: openSecret(serverKey(deps), integration.secret ?? ''),
    },
    // imapflow's own logger would print protocol traffic, and with it the LOGIN command.
    logger: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    if ((error as { authenticationFailed?: boolean }).authenticationFailed === true) {
      await onAuthFailure(deps, integration, mailbox, bucket);
    } else {
      await recordError(
        deps,
        integration,
        mailbox,
        'unknown_forbidden_error',
        `cannot reach ${connection.host}:${connection.port}: ${(error as Error).message}`,
      );
    }
    return;
  }
  try {
    const folders = await client.list();
    const delimiter = folders.find((folder) => folder.delimiter)?.delimiter ?? '/';
    const selected = selectFolders(mailbox, folders);
    for (const wanted of mailbox.folder_allowlist ?? []) {
      if (!selected.some((path) => samePath(path, wanted))) {
        await recordError(
          deps,
          integration,
          mailbox,
          'mailbox_inbox_not_found',
          `folder '${wanted.join('/')}' does not exist`,
        );
      }
    }
    for (const folder of selected) {
      try {
        await syncFolder(deps, tenantId, client, mailbox, bucket, folder, delimiter, options);
      } catch (error) {
        if (error instanceof AppError && error.message.startsWith('Quota')) {
          await recordError(deps, integration, mailbox, 'comment_quota_hit', error.message);
          return;
        }
        throw error;
      }
    }
    await deps.store.buckets.putSyncStateByKey({
      bucket_id: bucket.id,
      key: syncStateKey(mailbox.email, null),
      mailbox_name: mailbox.email,
      state: {
        mailbox_name: mailbox.email,
        folder_id: null,
        folder_path: null,
        status: 'UP_TO_DATE',
        synced_until: null,
        last_synced_at: now(deps),
      },
    });
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** One pass over every enabled mailbox of every enabled IMAP integration. */
export async function syncImapIntegrations(deps: Deps, options: SyncOptions = {}): Promise<void> {
  const tenant = await deps.store.tenants.get();
  if (!tenant) {
    return;
  }
  for (const integration of await deps.store.integrations.list()) {
    if (integration.type !== 'imap' || !integration.enabled || integration.secret === null) {
      continue;
    }
    const mailboxes = (integration.configuration['mailboxes'] ?? []) as MailboxConfig[];
    for (const mailbox of mailboxes.filter((entry) => entry.enabled !== false)) {
      try {
        await syncMailbox(deps, tenant.id, integration, mailbox, options);
      } catch (error) {
        deps.log.warn(
          { integration: integration.id, mailbox: mailbox.email, err: (error as Error).message },
          'imap sync failed',
        );
      }
    }
  }
}

/** Polls every `intervalMillis` (default 60 s) until stopped; passes never overlap. */
export function startImapConnector(deps: Deps, intervalMillis = 60_000): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = syncImapIntegrations(deps)
      .catch((error: unknown) =>
        deps.log.warn({ err: (error as Error).message }, 'imap connector pass failed'),
      )
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, intervalMillis);
        }
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

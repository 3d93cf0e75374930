import type { Source, SourceNew, SourceUpdate } from '../../contracts/sources.js';
import type { SourceRecord, SourceUpdate as SourceChanges, Store } from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { backfillSourceFromBucket } from '../buckets/bucket-emails.js';
import type { CallContext } from '../context.js';
import { AppError, conflict, invalid } from '../errors.js';
import { checkName } from '../names.js';
import { canSeeProject, hasProjectPermission } from '../permissions/principal.js';
import { projectWithPermission } from '../projects/project-access.js';
import { checkCreateQuota } from '../quotas/quota-limits.js';
import { now } from '../time.js';

import { resolveSource, type SourceRef } from './source-access.js';

// api.md §9 #19: the transform tags Sift implements.
const TRANSFORM_TAG = /^generic\.[0-9]+\.[A-Z0-9]{8}$/;

export function toSourceResponse(source: SourceRecord): Source {
  return {
    id: source.id,
    owner: source.owner,
    name: source.name,
    title: source.title,
    description: source.description,
    language: source.language,
    should_translate: source.should_translate,
    sensitive_properties: source.sensitive_properties,
    created_at: source.created_at,
    updated_at: source.updated_at,
    last_modified: source.last_modified,
    bucket_id: source.bucket_id,
    _kind: source.kind,
    email_transform_tag: source.email_transform_tag,
    ...(source.email_transform_version === null
      ? {}
      : { email_transform_version: source.email_transform_version }),
  };
}

export function checkTransformTag(tag: string | null | undefined): void {
  if (tag !== undefined && tag !== null && !TRANSFORM_TAG.test(tag)) {
    throw new AppError('unprocessable', `The value '${tag}' is not a valid transform tag.`);
  }
}

/** api.md §4.3: `bucket_id` must name a bucket of the source's own project. */
async function checkBucket(
  store: Store,
  projectId: string,
  bucketId: string | null | undefined,
): Promise<void> {
  if (bucketId === undefined || bucketId === null) {
    return;
  }
  const bucket = await store.buckets.getById(bucketId);
  if (!bucket || bucket.project_id !== projectId) {
    throw invalid(`source.bucket_id: bucket '${bucketId}' not found in this project`);
  }
}

export async function listSources(context: CallContext, project?: string): Promise<Source[]> {
  const store = context.deps.store;
  if (project !== undefined) {
    await projectWithPermission(context, store, project, 'sources-read');
  }
  const sources = await store.sources.list(project);
  return sources
    .filter(
      (source) =>
        canSeeProject(context.principal, source.owner) &&
        hasProjectPermission(context.principal, source.owner, 'sources-read'),
    )
    .map(toSourceResponse);
}

export async function getSource(context: CallContext, ref: SourceRef): Promise<Source> {
  return toSourceResponse(await resolveSource(context, context.deps.store, ref, 'sources-read'));
}

export async function createSource(
  context: CallContext,
  projectName: string,
  name: string,
  input: SourceNew,
): Promise<Source> {
  checkName('source', name);
  checkTransformTag(input.email_transform_tag);
  return context.deps.store.transaction(async (store) => {
    const project = await projectWithPermission(context, store, projectName, 'sources-admin');
    if (await store.sources.getByName(projectName, name)) {
      throw conflict(`Source '${projectName}/${name}' already exists`);
    }
    await checkBucket(store, project.id, input.bucket_id);
    await checkCreateQuota(store, context.tenant.id, 'sources');
    const timestamp = now(context.deps);
    const record: SourceRecord = {
      id: context.deps.ids.next(),
      project_id: project.id,
      owner: project.name,
      name,
      title: input.title ?? '',
      description: input.description ?? '',
      language: input.language ?? 'en',
      should_translate: input.should_translate ?? false,
      sensitive_properties: input.sensitive_properties ?? [],
      created_at: timestamp,
      updated_at: timestamp,
      last_modified: timestamp,
      bucket_id: input.bucket_id ?? null,
      kind: input._kind ?? 'unknown',
      email_transform_tag: input.email_transform_tag ?? null,
      email_transform_version: input.email_transform_version ?? null,
    };
    const { owner: _owner, ...row } = record;
    await store.sources.insert(row);
    await recordAuditEvent(store, context, 'create_source', { sources: [record] });
    await backfillSourceFromBucket(store, context.deps, context.tenant.id, record);
    return toSourceResponse(record);
  });
}

export async function updateSource(
  context: CallContext,
  ref: SourceRef,
  input: SourceUpdate,
): Promise<Source> {
  if (input.language !== undefined) {
    throw invalid('source.language cannot be changed after the source is created');
  }
  checkTransformTag(input.email_transform_tag);
  return context.deps.store.transaction(async (store) => {
    const source = await resolveSource(context, store, ref, 'sources-admin');
    if (input.bucket_id !== source.bucket_id) {
      await checkBucket(store, source.project_id, input.bucket_id);
    }
    const changes: SourceChanges = {};
    if (input.title !== undefined && input.title !== source.title) {
      changes.title = input.title;
    }
    if (input.description !== undefined && input.description !== source.description) {
      changes.description = input.description;
    }
    if (
      input.should_translate !== undefined &&
      input.should_translate !== source.should_translate
    ) {
      changes.should_translate = input.should_translate;
    }
    if (
      input.sensitive_properties !== undefined &&
      JSON.stringify(input.sensitive_properties) !== JSON.stringify(source.sensitive_properties)
    ) {
      changes.sensitive_properties = input.sensitive_properties;
    }
    // The official CLI always sends bucket_id: an absent key keeps it, null detaches (api.md §4.3).
    if (input.bucket_id !== undefined && input.bucket_id !== source.bucket_id) {
      changes.bucket_id = input.bucket_id;
    }
    if (
      input.email_transform_tag !== undefined &&
      input.email_transform_tag !== source.email_transform_tag
    ) {
      changes.email_transform_tag = input.email_transform_tag;
    }
    if (
      input.email_transform_version !== undefined &&
      input.email_transform_version !== source.email_transform_version
    ) {
      changes.email_transform_version = input.email_transform_version;
    }
    if (Object.keys(changes).length === 0) {
      return toSourceResponse(source);
    }
    const timestamp = now(context.deps);
    await store.sources.update(source.id, {
      ...changes,
      updated_at: timestamp,
      last_modified: timestamp,
    });
    const updated: SourceRecord = {
      ...source,
      ...changes,
      updated_at: timestamp,
      last_modified: timestamp,
    };
    await recordAuditEvent(store, context, 'update_source', { sources: [updated] });
    if (changes.bucket_id !== undefined || changes.email_transform_tag !== undefined) {
      await backfillSourceFromBucket(store, context.deps, context.tenant.id, updated);
    }
    return toSourceResponse(updated);
  });
}

export async function deleteSource(context: CallContext, ref: SourceRef): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const source = await resolveSource(context, store, ref, 'sources-admin');
    await recordAuditEvent(store, context, 'delete_source', { sources: [source] });
    // api.md §9 #44: datasets using the source lose it from source_ids (their metadata changed).
    await store.datasets.removeSource(source.id, now(context.deps));
    await store.sources.delete(source.id);
  });
}

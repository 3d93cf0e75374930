import type { SourceRecord, Store } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { notFound } from '../errors.js';
import { checkName, parseIdRef } from '../names.js';
import { requireProjectPermission } from '../permissions/principal.js';

/** `{project, name}` for `<p>/<s>`, or `{project: 'id:<hex>'}` for the id form. */
export type SourceRef = { project: string; name?: string };

/**
 * Resolves a source reference and checks `permission` on its project. A source in a project the caller
 * cannot see is reported exactly like a missing one.
 */
export async function resolveSource(
  context: CallContext,
  store: Store,
  ref: SourceRef,
  permission: string,
): Promise<SourceRecord> {
  const id = ref.name === undefined ? parseIdRef(ref.project) : null;
  if (id !== null) {
    const message = `Source 'id:${id}' not found`;
    const source = await store.sources.getById(id);
    if (!source) {
      throw notFound(message);
    }
    requireProjectPermission(context.principal, source.owner, permission, message);
    return source;
  }
  if (ref.name === undefined) {
    throw notFound(`Source '${ref.project}' not found`);
  }
  checkName('project', ref.project);
  checkName('source', ref.name);
  const message = `Source '${ref.project}/${ref.name}' not found`;
  requireProjectPermission(context.principal, ref.project, permission, message);
  const source = await store.sources.getByName(ref.project, ref.name);
  if (!source) {
    throw notFound(message);
  }
  return source;
}

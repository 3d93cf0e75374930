import { getDatasetRoute, getDatasetsOfProjectRoute } from './api-routes.js';
import { getSourceRoute, getSourcesOfProjectRoute } from './api-routes.js';
import { getBucketByIdRoute, getBucketRoute } from './api-routes.js';
import { CliError } from './errors.js';
import type { ResourceRef } from './identifiers.js';
import { isRecord, type Json } from './models.js';
import type { Session } from './session.js';

export function single(payload: Record<string, unknown>, key: string): Json {
  const value = payload[key];
  if (!isRecord(value)) {
    throw new CliError(`The server's response has no \`${key}\`.`);
  }
  return value;
}

/** `GET /api/v1/sources/<p>/<s>` or `/api/v1/sources/id:<id>` (cli.md §2.6). */
export async function fetchSource(session: Session, ref: ResourceRef): Promise<Json> {
  const payload =
    ref.kind === 'id'
      ? await session.client.request(getSourcesOfProjectRoute, {
          params: { project: `id:${ref.id}` },
        })
      : await session.client.request(getSourceRoute, {
          params: { project: ref.owner, name: ref.name },
        });
  return single(payload, 'source');
}

export async function fetchDataset(session: Session, ref: ResourceRef): Promise<Json> {
  const payload =
    ref.kind === 'id'
      ? await session.client.request(getDatasetsOfProjectRoute, {
          params: { project: `id:${ref.id}` },
        })
      : await session.client.request(getDatasetRoute, {
          params: { project: ref.owner, name: ref.name },
        });
  return single(payload, 'dataset');
}

export async function fetchBucket(session: Session, ref: ResourceRef): Promise<Json> {
  const payload =
    ref.kind === 'id'
      ? await session.client.request(getBucketByIdRoute, { params: { project: `id:${ref.id}` } })
      : await session.client.request(getBucketRoute, {
          params: { project: ref.owner, name: ref.name },
        });
  return single(payload, 'bucket');
}

/** `{project, name}` path parameters of a fetched source, dataset or bucket. */
export function ownedParams(resource: Json): { project: string; name: string } {
  return { project: String(resource['owner']), name: String(resource['name']) };
}

export function fullNameOf(resource: Json): string {
  return `${String(resource['owner'])}/${String(resource['name'])}`;
}

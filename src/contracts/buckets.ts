import { Type } from 'typebox';

import { Hex16, Timestamp } from './common.js';
import { errorResponses, ok } from './envelope.js';
import { anyUser, defineRoute } from './route.js';

export const Bucket = Type.Object({
  id: Hex16,
  owner: Type.String(),
  name: Type.String(),
  title: Type.String(),
  bucket_type: Type.Literal('emails'),
  created_at: Timestamp,
  updated_at: Timestamp,
});

// GET /api/_private/buckets — the official CLI calls it on every `get sources` (api.md §5.15).
export const listBucketsRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/buckets',
  summary: 'List visible buckets',
  tags: ['buckets'],
  permission: anyUser,
  schema: { response: { 200: ok({ buckets: Type.Array(Bucket) }), ...errorResponses(401) } },
});

import { listBucketsRoute } from '../../contracts/buckets.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerBucketRoutes(route: RouteRegistrar): void {
  // Buckets are not stored yet (api.md Tier 2); the official CLI still lists them on `get sources`.
  route(listBucketsRoute, async () => ({ buckets: [] }));
}

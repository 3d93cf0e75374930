import {
  getCurrentUserRoute,
  refreshPermissionsRoute,
  regenerateOwnTokenRoute,
} from '../../contracts/users.js';
import { generateToken, getCurrentUser } from '../../domain/users/manage-users.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerAuthRoutes(route: RouteRegistrar): void {
  route(getCurrentUserRoute, async (_input, context) => ({
    user: await getCurrentUser(context),
  }));
  // Sift has no SSO-derived permissions: `false` would make the official CLI abort (api.md §5.1).
  route(refreshPermissionsRoute, async () => ({ permissions_refreshed: true }));
  route(regenerateOwnTokenRoute, async (_input, context) => ({
    token: await generateToken(context),
  }));
}

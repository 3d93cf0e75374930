import {
  createUserRoute,
  deleteUserRoute,
  getUserRoute,
  issueUserTokenRoute,
  listUsersFullRoute,
  listUsersRoute,
  sendWelcomeEmailRoute,
  updateUserRoute,
} from '../../contracts/users.js';
import {
  createUser,
  deleteUser,
  generateToken,
  getUser,
  listUsers,
  sendWelcomeEmail,
  updateUser,
} from '../../domain/users/manage-users.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerUserRoutes(route: RouteRegistrar): void {
  route(listUsersRoute, async (_input, context) => ({
    users: (await listUsers(context)).map((user) => ({
      username: user.username,
      email: user.email,
      last_login_at: user.last_login_at ?? null,
    })),
  }));
  route(listUsersFullRoute, async (_input, context) => ({ users: await listUsers(context) }));
  route(getUserRoute, async ({ params }, context) => ({
    user: await getUser(context, params.user_id),
  }));
  route(createUserRoute, async ({ body }, context) => ({
    user: await createUser(context, body.user),
  }));
  route(updateUserRoute, async ({ params, body }, context) => ({
    user: await updateUser(context, params.user_id, body.user ?? {}),
  }));
  route(deleteUserRoute, async ({ params }, context) => {
    await deleteUser(context, params.user_id);
    return {};
  });
  route(sendWelcomeEmailRoute, async ({ params }, context) => {
    await sendWelcomeEmail(context, params.user_id);
    return {};
  });
  route(issueUserTokenRoute, async ({ params }, context) => ({
    token: await generateToken(context, params.user_id),
  }));
}

import type { FastifyInstance } from 'fastify';

import { notFound } from '../../domain/errors.js';
import {
  canSeeProject,
  requireGlobalPermission,
  requireProjectPermission,
} from '../../domain/permissions/principal.js';
import { requireProjectAdmin } from '../../domain/projects/project-access.js';

/**
 * Enforces the route spec's permission before the body is validated, so a caller without access learns
 * nothing from validation messages. `id:` references are checked by the domain once resolved.
 */
export function registerPermissionCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const permission = request.routeOptions.config.permission;
    const principal = request.principal;
    if (permission === undefined || principal === null) {
      return;
    }
    if (permission.kind === 'global') {
      requireGlobalPermission(principal, permission.permissions);
      return;
    }
    if (permission.kind !== 'project') {
      return;
    }
    const project = (request.params as { project?: unknown }).project;
    if (typeof project !== 'string' || project.startsWith('id:')) {
      return;
    }
    const message = `Project '${project}' not found`;
    if (permission.permission === '*') {
      if (!canSeeProject(principal, project)) {
        throw notFound(message);
      }
      return;
    }
    if (permission.permission === 'project-admin') {
      if (!canSeeProject(principal, project)) {
        throw notFound(message);
      }
      requireProjectAdmin(principal, project);
      return;
    }
    requireProjectPermission(principal, project, permission.permission, message);
  });
}

// The routes the CLI calls: method and URL only, typed from the contracts with `import type`, so that
// a command does not load TypeBox at start-up (~0.3 s). api-routes.test.ts checks them against the
// contracts; routes without a contract yet (streams, bucket details, emails, audio, validation,
// predictions) follow api.md and are typed loosely until their contracts land.
import type { ResponseOf, RouteLike, TypedRoute } from '../client/request.js';
import type * as Attachments from '../contracts/attachments.js';
import type * as AuditEvents from '../contracts/audit-events.js';
import type * as Buckets from '../contracts/buckets.js';
import type * as Comments from '../contracts/comments.js';
import type * as Datasets from '../contracts/datasets.js';
import type * as Labellings from '../contracts/labellings.js';
import type * as Projects from '../contracts/projects.js';
import type * as Query from '../contracts/query.js';
import type * as Sources from '../contracts/sources.js';
import type * as Statistics from '../contracts/statistics.js';
import type * as Users from '../contracts/users.js';

function typed<C extends RouteLike>(method: C['method'], url: string): TypedRoute<ResponseOf<C>> {
  return { method, url };
}

function loose(method: RouteLike['method'], url: string): RouteLike {
  return { method, url };
}

export const addCommentsRoute = typed<typeof Comments.addCommentsRoute>(
  'PUT',
  '/api/_private/sources/:project/:name/comments',
);
export const createDatasetRoute = typed<typeof Datasets.createDatasetRoute>(
  'PUT',
  '/api/v1/datasets/:project/:name',
);
export const createProjectRoute = typed<typeof Projects.createProjectRoute>(
  'PUT',
  '/api/_private/projects/:project',
);
export const createSourceRoute = typed<typeof Sources.createSourceRoute>(
  'PUT',
  '/api/v1/sources/:project/:name',
);
export const createUserRoute = typed<typeof Users.createUserRoute>('PUT', '/api/_private/users');
export const datasetStatisticsRoute = typed<typeof Statistics.datasetStatisticsRoute>(
  'POST',
  '/api/_private/datasets/:project/:name/statistics',
);
export const datasetSummaryRoute = typed<typeof Statistics.datasetSummaryRoute>(
  'POST',
  '/api/_private/datasets/:project/:name/summary',
);
export const deleteCommentsRoute = typed<typeof Comments.deleteCommentsRoute>(
  'DELETE',
  '/api/v1/sources/:project/:name/comments',
);
export const deleteDatasetByIdRoute = typed<typeof Datasets.deleteDatasetByIdRoute>(
  'DELETE',
  '/api/v1/datasets/:project',
);
export const deleteProjectRoute = typed<typeof Projects.deleteProjectRoute>(
  'DELETE',
  '/api/_private/projects/:project',
);
export const deleteSourceByIdRoute = typed<typeof Sources.deleteSourceByIdRoute>(
  'DELETE',
  '/api/v1/sources/:project',
);
export const deleteUserRoute = typed<typeof Users.deleteUserRoute>(
  'DELETE',
  '/api/_private/users/:user_id',
);
export const downloadAttachmentRoute = typed<typeof Attachments.downloadAttachmentRoute>(
  'GET',
  '/api/v1/attachments/:reference',
);
export const getCommentRoute = typed<typeof Comments.getCommentRoute>(
  'GET',
  '/api/v1/sources/:project/:name/comments/:comment_id',
);
export const getCurrentUserRoute = typed<typeof Users.getCurrentUserRoute>('GET', '/auth/user');
export const getDatasetRoute = typed<typeof Datasets.getDatasetRoute>(
  'GET',
  '/api/v1/datasets/:project/:name',
);
export const getDatasetsOfProjectRoute = typed<typeof Datasets.getDatasetsOfProjectRoute>(
  'GET',
  '/api/v1/datasets/:project',
);
export const getLabellingsRoute = typed<typeof Labellings.getLabellingsRoute>(
  'GET',
  '/api/_private/datasets/:project/:name/labellings',
);
export const getProjectRoute = typed<typeof Projects.getProjectRoute>(
  'GET',
  '/api/_private/projects/:project',
);
export const getSourceRoute = typed<typeof Sources.getSourceRoute>(
  'GET',
  '/api/v1/sources/:project/:name',
);
export const getSourcesOfProjectRoute = typed<typeof Sources.getSourcesOfProjectRoute>(
  'GET',
  '/api/v1/sources/:project',
);
export const getUserRoute = typed<typeof Users.getUserRoute>('GET', '/api/_private/users/:user_id');
export const issueUserTokenRoute = typed<typeof Users.issueUserTokenRoute>(
  'POST',
  '/api/_private/users/:user_id/api-token',
);
export const iterateCommentsRoute = typed<typeof Comments.iterateCommentsRoute>(
  'GET',
  '/api/_private/sources/:project/:name/comments',
);
export const listBucketsRoute = typed<typeof Buckets.listBucketsRoute>(
  'GET',
  '/api/_private/buckets',
);
export const listDatasetsRoute = typed<typeof Datasets.listDatasetsRoute>(
  'GET',
  '/api/v1/datasets',
);
export const listProjectsFullRoute = typed<typeof Projects.listProjectsFullRoute>(
  'GET',
  '/api/_private/projects',
);
export const listSourcesRoute = typed<typeof Sources.listSourcesRoute>('GET', '/api/v1/sources');
export const listUsersFullRoute = typed<typeof Users.listUsersFullRoute>(
  'GET',
  '/api/_private/users',
);
export const queryAuditEventsRoute = typed<typeof AuditEvents.queryAuditEventsRoute>(
  'POST',
  '/api/v1/audit_events/query',
);
export const queryDatasetRoute = typed<typeof Query.queryDatasetRoute>(
  'POST',
  '/api/_private/datasets/:project/:name/query',
);
export const refreshPermissionsRoute = typed<typeof Users.refreshPermissionsRoute>(
  'POST',
  '/auth/refresh-user-permissions',
);
export const regenerateOwnTokenRoute = typed<typeof Users.regenerateOwnTokenRoute>(
  'POST',
  '/auth/api-token',
);
export const sendWelcomeEmailRoute = typed<typeof Users.sendWelcomeEmailRoute>(
  'POST',
  '/api/_private/users/:user_id/welcome-email',
);
export const sourceStatisticsRoute = typed<typeof Statistics.sourceStatisticsRoute>(
  'POST',
  '/api/v1/sources/:project/:name/statistics',
);
export const syncCommentsRoute = typed<typeof Comments.syncCommentsRoute>(
  'POST',
  '/api/v1/sources/:project/:name/sync',
);
export const updateDatasetRoute = typed<typeof Datasets.updateDatasetRoute>(
  'POST',
  '/api/v1/datasets/:project/:name',
);
export const updateLabellingRoute = typed<typeof Labellings.updateLabellingRoute>(
  'POST',
  '/api/_private/datasets/:project/:name/labellings/:comment_uid',
);
export const updateProjectRoute = typed<typeof Projects.updateProjectRoute>(
  'POST',
  '/api/_private/projects/:project',
);
export const updateSourceRoute = typed<typeof Sources.updateSourceRoute>(
  'POST',
  '/api/v1/sources/:project/:name',
);
export const updateUserRoute = typed<typeof Users.updateUserRoute>(
  'POST',
  '/api/_private/users/:user_id',
);
export const uploadAttachmentRoute = typed<typeof Attachments.uploadAttachmentRoute>(
  'PUT',
  '/api/_private/sources/:project/comments/:comment_id/attachments/:index',
);

export const getBucketRoute = loose('GET', '/api/_private/buckets/:project/:name');
export const getBucketByIdRoute = loose('GET', '/api/_private/buckets/:project');
export const bucketStatisticsRoute = loose(
  'GET',
  '/api/_private/buckets/:project/:name/statistics',
);
export const putEmailsRoute = loose('PUT', '/api/_private/buckets/:project/:name/emails');
export const uploadAudioRoute = loose(
  'PUT',
  '/api/_private/sources/:project/comments/:comment_id/audio',
);
export const latestValidationRoute = loose(
  'GET',
  '/api/_private/datasets/:project/:name/labellers/latest/validation',
);
export const validationRoute = loose(
  'GET',
  '/api/_private/datasets/:project/:name/labellers/:version/validation',
);
export const labelValidationRoute = loose(
  'POST',
  '/api/_private/datasets/:project/:name/labellers/:version/label-validation',
);
export const predictCommentsRoute = loose(
  'POST',
  '/api/v1/datasets/:project/:name/labellers/:version/predict-comments',
);
export const listStreamsRoute = loose('GET', '/api/v1/datasets/:project/:name/streams');
export const createStreamRoute = loose('PUT', '/api/v1/datasets/:project/:name/streams');
export const getStreamRoute = loose('GET', '/api/v1/datasets/:project/:name/streams/:stream');
export const fetchStreamRoute = loose(
  'POST',
  '/api/v1/datasets/:project/:name/streams/:stream/fetch',
);
export const advanceStreamRoute = loose(
  'POST',
  '/api/v1/datasets/:project/:name/streams/:stream/advance',
);
export const streamExceptionsRoute = loose(
  'PUT',
  '/api/v1/datasets/:project/:name/streams/:stream/exceptions',
);
export const createBucketRoute = loose('PUT', '/api/_private/buckets/:project/:name');
export const deleteBucketByIdRoute = loose('DELETE', '/api/_private/buckets/:project');
export const getEmailByIdRoute = loose('GET', '/api/_private/buckets/:project/:name/emails');
export const listEmailsRoute = loose('POST', '/api/_private/buckets/:project/:name/emails');
export const listQuotasRoute = loose('GET', '/api/_private/quotas');
export const listTenantQuotasRoute = loose('GET', '/api/_private/quotas/:tenant');
export const setQuotaRoute = loose('POST', '/api/_private/quotas/:tenant/:kind');
export const listKeyedSyncStatesRoute = loose(
  'GET',
  '/api/_private/buckets/:project/keyed-sync-states',
);
export const keyedSyncStateIdsRoute = loose(
  'POST',
  '/api/_private/buckets/:project/keyed-sync-state-ids',
);
export const deleteKeyedSyncStateRoute = loose(
  'DELETE',
  '/api/_private/buckets/:project/keyed-sync-state/:key',
);
export const listIntegrationsRoute = loose('GET', '/api/_private/integrations');
export const getIntegrationRoute = loose('GET', '/api/_private/integrations/:project/:name');

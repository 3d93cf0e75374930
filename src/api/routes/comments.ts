import {
  addCommentsRoute,
  deleteCommentsRoute,
  deleteMessagesRoute,
  getCommentRoute,
  getThreadsRoute,
  iterateCommentsRoute,
  syncCommentsRoute,
} from '../../contracts/comments.js';
import { queryFlag } from '../../contracts/common.js';
import { syncRawEmailsRoute } from '../../contracts/emails.js';
import { sourceStatisticsRoute } from '../../contracts/statistics.js';
import {
  deleteComments,
  getComment,
  getThreads,
  iterateComments,
} from '../../domain/comments/read-comments.js';
import { sourceStatistics } from '../../domain/comments/source-statistics.js';
import { addComments, syncComments } from '../../domain/comments/sync-comments.js';
import { syncRawEmails } from '../../domain/emails/sync-raw-emails.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerCommentRoutes(route: RouteRegistrar): void {
  route(syncCommentsRoute, async ({ params, body }, context) =>
    syncComments(context, { project: params.project, name: params.name }, body.comments),
  );
  route(syncRawEmailsRoute, async ({ params, body }, context) =>
    syncRawEmails(context, { project: params.project, name: params.name }, body),
  );
  route(addCommentsRoute, async ({ params, body }, context) => {
    await addComments(context, { project: params.project, name: params.name }, body.comments);
    return {};
  });
  route(getCommentRoute, async ({ params, query }, context) => ({
    comment: await getComment(
      context,
      { project: params.project, name: params.name },
      params.comment_id,
      queryFlag(query.include_markup),
    ),
  }));
  for (const spec of [deleteCommentsRoute, deleteMessagesRoute]) {
    route(spec, async ({ params, query }, context) => {
      await deleteComments(context, { project: params.project, name: params.name }, query);
      return {};
    });
  }
  route(iterateCommentsRoute, async ({ params, query }, context) =>
    iterateComments(context, { project: params.project, name: params.name }, query),
  );
  route(getThreadsRoute, async ({ params, query }, context) => ({
    threads: await getThreads(
      context,
      { project: params.project, name: params.name },
      query.thread_id,
    ),
  }));
  route(sourceStatisticsRoute, async ({ params, body }, context) => ({
    statistics: await sourceStatistics(
      context,
      { project: params.project, name: params.name },
      body.comment_filter ?? {},
    ),
  }));
}

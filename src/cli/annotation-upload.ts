import { updateLabellingRoute } from './api-routes.js';
import { withContext } from './errors.js';
import { mapLimit } from './parallel.js';
import type { Session } from './session.js';
import { labellingBody, type AnnotationUpload } from './upload-lines.js';

export type AnnotationCounts = { annotations: number; failedAnnotations: number };

/**
 * One `POST /api/_private/datasets/<p>/<d>/labellings/<source_id>.<comment_id>` per annotated line,
 * `--num-threads` at a time (cli.md §5.2.1 step 5). Failures are counted; the first one is rethrown
 * after the batch unless `resumeOnError`.
 */
export async function uploadAnnotations(
  session: Session,
  dataset: { project: string; name: string },
  sourceId: string,
  annotations: readonly AnnotationUpload[],
  counts: AnnotationCounts,
  resumeOnError: boolean,
): Promise<void> {
  const errors: unknown[] = [];
  await mapLimit(annotations, session.numThreads, async (annotation) => {
    const uid = `${sourceId}.${annotation.commentId}`;
    try {
      await withContext(`Could not update labelling for comment \`${uid}\``, () =>
        session.client.request(updateLabellingRoute, {
          params: { ...dataset, comment_uid: uid },
          body: labellingBody(annotation),
        }),
      );
      counts.annotations += 1;
    } catch (error) {
      counts.failedAnnotations += 1;
      errors.push(error);
    }
  });
  const [first] = errors;
  if (errors.length > 0 && !resumeOnError) {
    throw first instanceof Error ? first : new Error(String(first));
  }
}

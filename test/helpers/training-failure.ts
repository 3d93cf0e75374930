import type { TestApp } from './test-app.js';

// The scenario of the tests that prove training fails loudly (ml.md §2.6): one annotated comment in a
// dataset of project `<project>`, then the status route polled until it reports the training error.

export async function annotateOneComment(sift: TestApp, project: string): Promise<void> {
  await sift.call('PUT', `/api/_private/projects/${project}`, { body: { user_ids: [] } });
  const source = await sift.call('PUT', `/api/v1/sources/${project}/inbox`, {
    body: { source: {} },
  });
  const sourceId = (source.body['source'] as { id: string }).id;
  await sift.call('POST', `/api/v1/sources/${project}/inbox/sync`, {
    body: {
      comments: [
        {
          id: 'a',
          timestamp: '2024-01-01T00:00:00Z',
          messages: [{ body: { text: 'refund please' } }],
        },
        {
          id: 'b',
          timestamp: '2024-01-01T00:00:00Z',
          messages: [{ body: { text: 'where is it' } }],
        },
      ],
    },
  });
  await sift.call('PUT', `/api/v1/datasets/${project}/intents`, {
    body: { dataset: { source_ids: [sourceId], label_defs: [{ name: 'Refund' }] } },
  });
  await sift.call('POST', `/api/_private/datasets/${project}/intents/labellings/${sourceId}.a`, {
    body: { labelling: [{ group: 'default', assigned: [{ name: 'Refund' }] }] },
  });
}

/** The dataset status once it reports `training_error` (or the last one after 30 s). */
export async function statusWithTrainingError(
  sift: TestApp,
  project: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 30_000;
  let status: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    status = (await sift.call('GET', `/api/_private/datasets/${project}/intents/labellers/status`))
      .body['dataset_status'] as Record<string, unknown>;
    if (status['training_error'] !== undefined) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return status;
}

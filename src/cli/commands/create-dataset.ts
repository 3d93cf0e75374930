import { createDatasetRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import type { Json } from '../models.js';
import { fetchSource } from '../resolve.js';
import { printDatasets } from '../tables.js';

export type CreateDatasetArgs = WithGlobals<{
  owner: string;
  name: string;
  title?: string;
  description?: string;
  hasSentiment?: boolean;
  sources?: ResourceRef[];
  entityDefs?: Json[];
  generalFields?: Json[];
  labelDefs?: Json[];
  labelGroups?: Json[];
  modelFamily?: string;
  copyAnnotationsFrom?: string;
  qos?: boolean;
  externalLlm?: boolean;
  genAi?: boolean;
  zeroShot?: boolean;
}>;

function datasetFlags(args: CreateDatasetArgs): string[] {
  if (args.externalLlm === true && args.genAi !== true) {
    throw new CliError(
      'External Llm can only be used if gen ai features are enabled. Please add `--gen-ai true`',
    );
  }
  if (args.zeroShot === true && args.genAi !== true) {
    throw new CliError(
      'Zero shot can only be used if gen ai features are enabled. Please add `--gen-ai true`',
    );
  }
  return [
    ...(args.genAi === true ? ['gpt4'] : []),
    ...(args.externalLlm === true ? ['external_moon_llm'] : []),
    ...(args.zeroShot === true ? ['zero_shot_labels'] : []),
    ...(args.qos === true ? ['qos'] : []),
  ];
}

/**
 * `create dataset <p/d>`: resolves the sources, then `PUT /api/v1/datasets/<p>/<d>` with `source_ids`
 * always, `has_sentiment` (false by default) and the other keys only when non-empty (cli.md §5.2).
 */
export async function run(args: CreateDatasetArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    const sourceIds: unknown[] = [];
    for (const ref of args.sources ?? []) {
      const source = await withContext('Operation to get source has failed', () =>
        fetchSource(session, ref),
      );
      sourceIds.push(source['id']);
    }
    const flags = datasetFlags(args);
    const labelGroups = args.labelGroups ?? [];
    const labelDefs = args.labelDefs ?? [];
    const entityDefs = args.entityDefs ?? [];
    const generalFields = args.generalFields ?? [];
    const { dataset } = await withContext('Operation to create a dataset has failed.', () =>
      session.client.request(createDatasetRoute, {
        params: { project: args.owner, name: args.name },
        body: {
          dataset: {
            source_ids: sourceIds,
            ...(args.title === undefined ? {} : { title: args.title }),
            ...(args.description === undefined ? {} : { description: args.description }),
            has_sentiment: args.hasSentiment ?? false,
            ...(entityDefs.length === 0 ? {} : { entity_defs: entityDefs }),
            ...(generalFields.length === 0 ? {} : { general_fields: generalFields }),
            // Label defs are used only without label groups, as in the official client.
            ...(labelDefs.length > 0 && labelGroups.length === 0 ? { label_defs: labelDefs } : {}),
            ...(labelGroups.length === 0 ? {} : { label_groups: labelGroups }),
            ...(args.modelFamily === undefined ? {} : { model_family: args.modelFamily }),
            ...(args.copyAnnotationsFrom === undefined
              ? {}
              : { copy_annotations_from: args.copyAnnotationsFrom }),
            ...(flags.length === 0 ? {} : { _dataset_flags: flags }),
          },
        },
      }),
    );
    session.log.info(
      `New dataset \`${dataset.owner}/${dataset.name}\` [id: ${dataset.id}] created successfully`,
    );
    printDatasets(session, [dataset]);
  });
}

import { readFileSync } from 'node:fs';

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

import type { CreateCommentsArgs } from './commands/create-comments.js';
import type { CreateDatasetArgs } from './commands/create-dataset.js';
import type { GetCommentsArgs } from './commands/get-comments.js';
import { completionScript } from './completion.js';
import { CliError } from './errors.js';
import {
  parseBool,
  parseBucketName,
  parseBucketRef,
  parseIntegrationName,
  parseBucketType,
  parseDatasetRef,
  parseFullName,
  parsePositiveInteger,
  parseProjectName,
  parseQuotaKind,
  parseSourceRef,
  parseStreamRef,
  parseTimestamp,
  parseUserId,
  type ResourceRef,
} from './identifiers.js';
import type { Io } from './io.js';
import {
  parseEntityDefs,
  parseGeneralFields,
  parseLabelDefs,
  parseLabelGroups,
  parseUserPropertyFilter,
} from './json-flags.js';
import type { GlobalOptions } from './session.js';

/** Options as commander hands them to an action (its own typing is `OptionValues`). */
type Options<T> = T;
/** A command's flags: its argument type without the globals and the positional arguments. */
type FlagsOf<A, Positional extends keyof A = never> = Omit<A, 'globals' | Positional>;

function version(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function parseRegex(value: string): RegExp {
  try {
    return new RegExp(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

/** A source parsed inside an action, where a bad value must be reported like any other failure. */
function sourceRefInAction(value: string): ResourceRef {
  try {
    return parseSourceRef(value);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

/** Repeatable `-s/--source` values, each checked as it is parsed. */
function collectSources(value: string, previous: ResourceRef[] | undefined): ResourceRef[] {
  return [...(previous ?? []), parseSourceRef(value)];
}

/** Drops `undefined` values so optional properties stay absent (exactOptionalPropertyTypes). */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/**
 * The `sift` command tree: the official `re` CLI's (cli.md), plus `sift server`. Each action imports its
 * command module when it runs: loading all of them through the TypeScript loader doubled the start-up
 * time of every command.
 */
export function buildProgram(io: Io): Command {
  const program = new Command('sift')
    .description(
      'Sift: open communications mining, wire-compatible with the Communications Mining API and its `re` CLI',
    )
    .version(version(), '-V, --version')
    // Global options go before the command, as in `re` (so `get users -o` is `--project`).
    .enablePositionalOptions()
    .option('--config-file <PATH>', 'contexts file (default ~/.config/sift/contexts.json)')
    .option('-c, --context <NAME>', 'use this context instead of the current one')
    .option('-v, --verbose', 'debug logging')
    .option('--endpoint <URL>', 'API base URL, overriding the context (env SIFT_ENDPOINT)')
    .option(
      '-k, --accept-invalid-certificates <BOOL>',
      'disable TLS certificate verification',
      parseBool,
    )
    .option('--token <TOKEN>', 'API token, overriding the context (env SIFT_TOKEN)')
    .option('--proxy <URL>', 'HTTP(S) proxy for every request')
    .addOption(
      new Option('-o, --output <FORMAT>', 'output format for listings')
        .choices(['table', 'json', 'jsonl'])
        .default('table'),
    )
    .option(
      '--num-threads <N>',
      'parallel requests for uploads (env SIFT_CLI_NUM_THREADS, REINFER_CLI_NUM_THREADS)',
      parsePositiveInteger,
      32,
    )
    .showHelpAfterError('(add --help for additional information)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('server')
    .description(
      'run the API server (SIFT_PORT, SIFT_DATA_DIR, SIFT_DATABASE_URL, SIFT_ADMIN_TOKEN)',
    )
    .action(async () => {
      // Loaded on demand: the server stack is heavy and no other command needs it.
      const { runServer } = await import('./commands/server.js');
      await runServer(io);
    });

  program
    .command('worker')
    .description(
      'run a job worker: training, predictions (SIFT_DATABASE_URL, SIFT_EMBEDDER_PROCESSES)',
    )
    .action(async () => {
      const { runWorker } = await import('../worker/main.js');
      await runWorker(io.env);
    });

  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .argument('<SHELL>', 'bash, zsh or fish')
    .action((shell: string) => {
      io.stdout.write(completionScript(program, shell));
    });

  // config
  const config = program
    .command('config')
    .description('manage contexts (endpoint and token pairs)');
  config
    .command('add')
    .description('create or update a context')
    .option('-n, --name <NAME>', 'context name')
    .option('-e, --endpoint <URL>', 'API endpoint')
    .option('-t, --token <TOKEN>', 'API token')
    .option('-k, --accept-invalid-certificates', 'accept invalid TLS certificates')
    .option('--proxy [URL]', 'HTTP proxy; without a value, clear it')
    .action(
      async (
        options: Options<{
          name?: string;
          endpoint?: string;
          token?: string;
          acceptInvalidCertificates?: boolean;
          proxy?: string | true;
        }>,
      ) => {
        await (
          await import('./commands/config-add.js')
        ).run({ ...defined(options), globals: globals() }, io);
      },
    );
  config
    .command('get-token')
    .description('print the token of a context (default: the current one)')
    .argument('[NAME]', 'context name')
    .action(async (name: string | undefined) => {
      await (
        await import('./commands/config-get-token.js')
      ).run({ ...defined({ name }), globals: globals() }, io);
    });
  config
    .command('current')
    .description('print the current context')
    .action(async () => {
      await (await import('./commands/config-current.js')).run({ globals: globals() }, io);
    });
  config
    .command('delete')
    .description('delete contexts')
    .argument('<NAME...>', 'context names')
    .action(async (names: string[]) => {
      await (await import('./commands/config-delete.js')).run({ names, globals: globals() }, io);
    });
  config
    .command('ls')
    .description('list the contexts')
    .option('--tokens', 'show the API tokens')
    .action(async (options: Options<{ tokens?: boolean }>) => {
      await (
        await import('./commands/config-ls.js')
      ).run({ ...defined(options), globals: globals() }, io);
    });
  config
    .command('use')
    .description('set the current context')
    .argument('<NAME>', 'context name')
    .action(async (name: string) => {
      await (await import('./commands/config-use.js')).run({ name, globals: globals() }, io);
    });
  config
    .command('set-context-required')
    .description('require -c/--context (or --endpoint) on every command')
    .argument('<BOOL>', 'true or false', parseBool)
    .action(async (required: boolean) => {
      await (
        await import('./commands/config-set-context-required.js')
      ).run({ required, globals: globals() }, io);
    });
  config
    .command('parse-from-url')
    .description('create a context from a web-app URL https://<host>/<ORG>/<TENANT>/reinfer_/…')
    .option('-u, --url <URL>', 'the web-app URL')
    .option('-t, --token <TOKEN>', 'API token')
    .action(async (options: Options<{ url?: string; token?: string }>) => {
      await (
        await import('./commands/config-parse-from-url.js')
      ).run({ ...defined(options), globals: globals() }, io);
    });

  // auth
  const auth = program.command('auth').description('authentication helpers');
  auth
    .command('refresh')
    .description('refresh the permissions of the current user')
    .action(async () => {
      await (await import('./commands/auth-refresh.js')).run({ globals: globals() }, io);
    });
  auth
    .command('regenerate-token')
    .description('generate a new API token (yours, or a user’s with --user); prints it')
    .option('--user <USER_ID>', 'user id', parseUserId)
    .action(async (options: Options<{ user?: string }>) => {
      await (
        await import('./commands/auth-regenerate-token.js')
      ).run({ ...defined(options), globals: globals() }, io);
    });

  // get
  const get = program.command('get').description('display resources and download comments');
  get
    .command('sources')
    .description('list sources')
    .argument('[SOURCE]', 'only this source (owner/name or id)', parseSourceRef)
    .option('--stats', 'count the comments of each source')
    .action(async (source: ResourceRef | undefined, options: Options<{ stats?: boolean }>) => {
      await (
        await import('./commands/get-sources.js')
      ).run({ ...defined({ source, ...options }), globals: globals() }, io);
    });
  get
    .command('datasets')
    .description('list datasets')
    .argument('[DATASET]', 'only this dataset (owner/name or id)', parseDatasetRef)
    .option('--stats', 'include statistics and the latest model rating')
    .option('--source <SOURCE>', 'only datasets containing this source', parseSourceRef)
    .action(
      async (
        dataset: ResourceRef | undefined,
        options: Options<{ stats?: boolean; source?: ResourceRef }>,
      ) => {
        await (
          await import('./commands/get-datasets.js')
        ).run({ ...defined({ dataset, ...options }), globals: globals() }, io);
      },
    );
  get
    .command('projects')
    .description('list projects')
    .argument('[PROJECT]', 'only this project', parseProjectName)
    .action(async (project: string | undefined) => {
      await (
        await import('./commands/get-projects.js')
      ).run({ ...defined({ project }), globals: globals() }, io);
    });
  get
    .command('users')
    .description('list users')
    .option('-u, --user <ID>', 'only this user', parseUserId)
    .option('-o, --project <NAME>', 'users with permissions on this project')
    .option('-p, --permission <PERMISSION>', 'users with this permission on --project')
    .action(async (options: Options<{ user?: string; project?: string; permission?: string }>) => {
      await (
        await import('./commands/get-users.js')
      ).run({ ...defined(options), globals: globals() }, io);
    });
  get
    .command('current-user')
    .description('the user owning the API token')
    .action(async () => {
      await (await import('./commands/get-current-user.js')).run({ globals: globals() }, io);
    });
  get
    .command('buckets')
    .description('list buckets')
    .argument('[BUCKET]', 'only this bucket (owner/name or id)', parseBucketRef)
    .option('--stats', 'count the emails of each bucket')
    .action(async (bucket: ResourceRef | undefined, options: Options<{ stats?: boolean }>) => {
      await (
        await import('./commands/get-buckets.js')
      ).run({ ...defined({ bucket, ...options }), globals: globals() }, io);
    });
  get
    .command('emails')
    .description('download the emails of a bucket as JSON Lines')
    .argument('<BUCKET>', 'bucket name or id', parseBucketRef)
    .argument('[ID]', 'only the email with this id')
    .option('-f, --file <PATH>', 'write to this file instead of stdout')
    .action(
      async (bucket: ResourceRef, id: string | undefined, options: Options<{ file?: string }>) => {
        await (
          await import('./commands/get-emails.js')
        ).run({ bucket, ...defined({ id, ...options }), globals: globals() }, io);
      },
    );
  get
    .command('integrations')
    .description('list mailbox integrations')
    .argument('[INTEGRATION]', 'only this integration (owner/name)', parseIntegrationName)
    .option('-f, --file <PATH>', 'write JSON Lines to this file')
    .action(
      async (
        integration: { owner: string; name: string } | undefined,
        options: Options<{ file?: string }>,
      ) => {
        await (
          await import('./commands/get-integrations.js')
        ).run({ ...defined({ integration, ...options }), globals: globals() }, io);
      },
    );
  get
    .command('keyed-sync-states')
    .description('the keyed sync states of a bucket (one per mailbox and folder)')
    .argument('<BUCKET>', 'bucket name or id', parseBucketRef)
    .action(async (bucket: ResourceRef) => {
      await (
        await import('./commands/get-keyed-sync-states.js')
      ).run({ bucket, globals: globals() }, io);
    });
  get
    .command('quotas')
    .description('quotas of the tenant')
    .option('-t, --uipath-tenant-id <ID>', 'tenant id or name (default: your tenant)')
    .action(async (options: Options<{ uipathTenantId?: string }>) => {
      await (
        await import('./commands/get-quotas.js')
      ).run({ ...defined({ tenant: options.uipathTenantId }), globals: globals() }, io);
    });
  get
    .command('audit-events')
    .description('audit events, resolved against their lookup tables')
    .option('-m, --minimum <TIMESTAMP>', 'earliest event (RFC 3339)', parseTimestamp)
    .option('-M, --maximum <TIMESTAMP>', 'latest event (RFC 3339)', parseTimestamp)
    .action(async (options: Options<{ minimum?: string; maximum?: string }>) => {
      await (
        await import('./commands/get-audit-events.js')
      ).run({ ...defined(options), globals: globals() }, io);
    });
  get
    .command('comment')
    .description('one comment as a JSON line')
    .argument('<COMMENT_ID>', 'comment id')
    .requiredOption('--source <SOURCE>', 'source name or id', parseSourceRef)
    .option('-f, --file <PATH>', 'write to this file instead of stdout')
    .option('--attachments <BOOL>', 'download attachment content (needs -f)', parseBool)
    .action(
      async (
        commentId: string,
        options: Options<{ source: ResourceRef; file?: string; attachments?: boolean }>,
      ) => {
        await (
          await import('./commands/get-comment.js')
        ).run({ commentId, ...defined(options), globals: globals() }, io);
      },
    );
  get
    .command('comments')
    .description('download the comments of a source as JSON Lines')
    .argument('<SOURCE>', 'source name or id', parseSourceRef)
    .option(
      '-d, --dataset <DATASET>',
      'read through a dataset (annotations, predictions, filters)',
      parseDatasetRef,
    )
    .option('-f, --file <PATH>', 'write to this file instead of stdout')
    .option('--no-progress', 'no progress bar (and no statistics call)')
    .option('--predictions <BOOL>', 'keep predicted labels and entities', parseBool)
    .option('--model-version <VERSION>', 'predictions of this model version', parsePositiveInteger)
    .option('--reviewed-only <BOOL>', 'only reviewed comments', parseBool)
    .option(
      '--from-timestamp <TIMESTAMP>',
      'earliest comment timestamp (inclusive)',
      parseTimestamp,
    )
    .option('--to-timestamp <TIMESTAMP>', 'latest comment timestamp (inclusive)', parseTimestamp)
    .option('--senders <ADDRESS...>', 'only comments from these senders')
    .option('--recipients <ADDRESS...>', 'only comments to these recipients')
    .option(
      '-l, --label-filter <REGEX>',
      'only comments with labels matching the regex',
      parseRegex,
    )
    .option(
      '-p, --user-property-filter <JSON>',
      'user property filter object',
      parseUserPropertyFilter,
    )
    .option('--interactive-user-property-filter', 'build the user property filter interactively')
    .option('--attachment-types <EXTENSION...>', 'only comments with attachments of these types')
    .option('--only-with-attachments <BOOL>', 'only comments with attachments', parseBool)
    .option('--attachments <BOOL>', 'download attachment content (needs -f)', parseBool)
    .option('--shuffle <BOOL>', 'random order', parseBool)
    .option('--stop-after <N>', 'stop after about N comments', parsePositiveInteger)
    .action(async (source: ResourceRef, options: Options<FlagsOf<GetCommentsArgs, 'source'>>) => {
      await (
        await import('./commands/get-comments.js')
      ).run({ source, ...defined(options), globals: globals() }, io);
    });
  get
    .command('streams')
    .description('list the streams of a dataset')
    .requiredOption('-d, --dataset <DATASET>', 'dataset name or id', parseDatasetRef)
    .option('-f, --file <PATH>', 'write the streams to this file as JSON Lines')
    .action(async (options: Options<{ dataset: ResourceRef; file?: string }>) => {
      await (
        await import('./commands/get-streams.js')
      ).run({ ...defined(options), globals: globals() }, io);
    });
  get
    .command('stream-comments')
    .description('fetch comments from a stream')
    .requiredOption('--stream <STREAM>', 'owner/dataset/stream', parseStreamRef)
    .option('--size <N>', 'comments per batch', parsePositiveInteger, 16)
    .option('--listen <SECONDS>', 'poll forever, advancing the stream', (value: string) => {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new InvalidArgumentError(`expected a number of seconds, got: ${value}`);
      }
      return seconds;
    })
    .option('--individual-advance', 'advance after each comment instead of each batch')
    .action(
      async (
        options: Options<{
          stream: ReturnType<typeof parseStreamRef>;
          size: number;
          listen?: number;
          individualAdvance?: boolean;
        }>,
      ) => {
        await (
          await import('./commands/get-stream-comments.js')
        ).run({ ...defined(options), globals: globals() }, io);
      },
    );
  get
    .command('stream-stats')
    .description('precision and recall of a stream’s thresholds')
    .argument('<STREAM>', 'owner/dataset/stream', parseStreamRef)
    .option(
      '-v, --compare-version <VERSION>',
      'model version to compare with',
      parsePositiveInteger,
    )
    .option(
      '-d, --compare-dataset <DATASET>',
      'dataset to compare with (needs -v)',
      parseDatasetRef,
    )
    .action(
      async (
        stream: ReturnType<typeof parseStreamRef>,
        options: Options<{ compareVersion?: number; compareDataset?: ResourceRef }>,
      ) => {
        await (
          await import('./commands/get-stream-stats.js')
        ).run({ stream, ...defined(options), globals: globals() }, io);
      },
    );

  // create
  const create = program.command('create').description('create resources');
  create
    .command('project')
    .description('create a project')
    .argument('<NAME>', 'project name', parseProjectName)
    .option('--title <TITLE>', 'title')
    .option('--description <TEXT>', 'description')
    .option('--user-ids <ID...>', 'users given the project permissions (default: you)')
    .action(
      async (
        name: string,
        options: Options<{ title?: string; description?: string; userIds?: string[] }>,
      ) => {
        await (
          await import('./commands/create-project.js')
        ).run({ name, ...defined(options), globals: globals() }, io);
      },
    );
  create
    .command('source')
    .description('create a source')
    .argument('<SOURCE>', 'owner/name', parseFullName('source'))
    .option('--title <TITLE>', 'title')
    .option('--description <TEXT>', 'description')
    .option('--language <CODE>', 'language (en, de, xlm)')
    .option('--should-translate <BOOL>', 'translate comments', parseBool)
    .option('--bucket <BUCKET>', 'bucket to read emails from', parseBucketRef)
    .option('--kind <KIND>', 'source kind')
    .option('--transform-tag <TAG>', 'email transform tag')
    .action(
      async (
        name: { owner: string; name: string },
        options: Options<{
          title?: string;
          description?: string;
          language?: string;
          shouldTranslate?: boolean;
          bucket?: ResourceRef;
          kind?: string;
          transformTag?: string;
        }>,
      ) => {
        await (
          await import('./commands/create-source.js')
        ).run({ ...name, ...defined(options), globals: globals() }, io);
      },
    );
  create
    .command('dataset')
    .description('create a dataset')
    .argument('<DATASET>', 'owner/name', parseFullName('dataset'))
    .option('--title <TITLE>', 'title')
    .option('--description <TEXT>', 'description')
    .option('--has-sentiment <BOOL>', 'enable sentiment (default false)', parseBool)
    .option('-s, --source <SOURCE>', 'source name or id (repeatable)', collectSources)
    .option('-e, --entity-defs <JSON>', 'entity defs as JSON', parseEntityDefs)
    .option('-g, --general-fields <JSON>', 'general fields as JSON', parseGeneralFields)
    .option(
      '--label-defs <JSON>',
      'label defs as JSON (used when there are no label groups)',
      parseLabelDefs,
    )
    .option('--label-groups <JSON>', 'label groups as JSON', parseLabelGroups)
    .option('--model-family <FAMILY>', 'model family')
    .option('--copy-annotations-from <DATASET_ID>', 'copy the annotations of this dataset')
    .option('--qos <BOOL>', 'quality of service', parseBool)
    .option('--external-llm <BOOL>', 'external LLM (needs --gen-ai true)', parseBool)
    .option('--gen-ai <BOOL>', 'generative AI features', parseBool)
    .option('--zero-shot <BOOL>', 'zero-shot labels (needs --gen-ai true)', parseBool)
    .action(
      async (
        name: { owner: string; name: string },
        options: Options<
          FlagsOf<CreateDatasetArgs, 'owner' | 'name' | 'sources'> & { source?: ResourceRef[] }
        >,
      ) => {
        const { source, ...rest } = options;
        await (
          await import('./commands/create-dataset.js')
        ).run({ ...name, ...defined({ ...rest, sources: source }), globals: globals() }, io);
      },
    );
  create
    .command('bucket')
    .description('create a bucket')
    .argument('<BUCKET>', 'owner/name', parseBucketName)
    .option('--title <TITLE>', 'title')
    .option('--type <TYPE>', 'bucket type', parseBucketType, 'emails')
    .action(
      async (
        name: { owner: string; name: string },
        options: Options<{ title?: string; type: string }>,
      ) => {
        await (
          await import('./commands/create-bucket.js')
        ).run({ ...name, ...defined(options), globals: globals() }, io);
      },
    );
  create
    .command('user')
    .description('create a user (no welcome email unless -w)')
    .argument('<USERNAME>', 'username')
    .argument('<EMAIL>', 'email address')
    .option('--global-permissions <PERMISSION...>', 'global permissions')
    .option('-p, --project <NAME>', 'project to add the user to', parseProjectName)
    .option('--project-permissions <PERMISSION...>', 'permissions on --project')
    .option('-w, --send-welcome-email', 'send a welcome email')
    .action(
      async (
        username: string,
        email: string,
        options: Options<{
          globalPermissions?: string[];
          project?: string;
          projectPermissions?: string[];
          sendWelcomeEmail?: boolean;
        }>,
      ) => {
        await (
          await import('./commands/create-user.js')
        ).run({ username, email, ...defined(options), globals: globals() }, io);
      },
    );
  create
    .command('comments')
    .description('upload comments from a JSON Lines file or stdin')
    .option('-f, --file <PATH>', 'JSON Lines file (default: stdin)')
    .requiredOption('-s, --source <SOURCE>', 'source name or id', parseSourceRef)
    .option('-d, --dataset <DATASET>', 'dataset receiving the annotations', parseDatasetRef)
    .option('--batch-size <N>', 'comments per request', parsePositiveInteger, 128)
    .option('--no-progress', 'no progress bar')
    .option('--allow-duplicates', 'allow repeated comment ids (later ones are synced)')
    .option('--overwrite', 'update existing comments (uses sync)')
    .option('-n, --no-charge', 'accepted; Sift does not bill')
    .option('-y, --yes', 'accepted; Sift never asks for billing consent')
    .option(
      '--resume-on-error',
      'count failures (malformed lines, rejected comments) as skipped and continue',
    )
    .option('-a, --attachments <DIR>', 'directory with attachment content')
    .addHelpText(
      'after',
      `
Input: one JSON object per line, the comment under "comment" (api.md §4.4), optionally with its
annotations for --dataset:
  {"comment":{"id":"c1","timestamp":"2025-01-31T09:00:00Z","messages":[{"body":{"text":"Hi"}}]}}
  {"comment":{"id":"c2","timestamp":"2025-01-31T09:05:00Z","messages":[{"body":{"text":"Refund?"}}]},
   "labelling":[{"group":"default","assigned":[{"name":"Refund"}]}]}
(the second example is one line). \`sift get comments\` writes this format.`,
    )
    .action(async (options: Options<FlagsOf<CreateCommentsArgs>>) => {
      await (
        await import('./commands/create-comments.js')
      ).run({ ...defined(options), globals: globals() }, io);
    });
  create
    .command('annotations')
    .description('upload annotations from a JSON Lines file or stdin')
    .option('-f, --file <PATH>', 'JSON Lines file (default: stdin)')
    .requiredOption('-s, --source <SOURCE>', 'source name or id', parseSourceRef)
    .requiredOption('-d, --dataset <DATASET>', 'dataset name or id', parseDatasetRef)
    .option('--batch-size <N>', 'annotations per parallel round', parsePositiveInteger, 128)
    .option('--no-progress', 'no progress bar')
    .option('--resume-on-error', 'count failures and continue')
    .option('--wait-for-model', 'then wait until a model version includes them (Sift extension)')
    .option('--wait-timeout <SECONDS>', 'give up waiting after this long', parsePositiveInteger)
    .action(
      async (
        options: Options<{
          file?: string;
          source: ResourceRef;
          dataset: ResourceRef;
          batchSize: number;
          progress?: boolean;
          resumeOnError?: boolean;
          waitForModel?: boolean;
          waitTimeout?: number;
        }>,
      ) => {
        await (
          await import('./commands/create-annotations.js')
        ).run({ ...defined(options), globals: globals() }, io);
      },
    );
  create
    .command('emails')
    .description('upload emails from a JSON Lines file or stdin')
    .option('-f, --file <PATH>', 'JSON Lines file (default: stdin)')
    .requiredOption('-b, --bucket <BUCKET>', 'bucket name or id', parseBucketRef)
    .option('--batch-size <N>', 'emails per request', parsePositiveInteger, 128)
    .option('--no-progress', 'no progress bar')
    .option('-n, --no-charge', 'accepted; Sift does not bill')
    .option('-y, --yes', 'accepted; Sift never asks for billing consent')
    .option('--resume-on-error', 'count failures as skipped and continue')
    .action(
      async (
        options: Options<{
          file?: string;
          bucket: ResourceRef;
          batchSize: number;
          progress?: boolean;
          charge?: boolean;
          yes?: boolean;
          resumeOnError?: boolean;
        }>,
      ) => {
        await (
          await import('./commands/create-emails.js')
        ).run({ ...defined(options), globals: globals() }, io);
      },
    );
  create
    .command('quota')
    .description('set a quota of a tenant')
    .option('--reinfer-tenant-id <ID>', 'tenant id or name')
    .option('--uipath-tenant-id <ID>', 'tenant id or name')
    .requiredOption('--quota-kind <KIND>', 'quota kind', parseQuotaKind)
    .requiredOption('--limit <N>', 'hard limit', parsePositiveInteger)
    .option('--auto-increase-up-to <N>', 'self-serve limit', parsePositiveInteger)
    .action(
      async (
        options: Options<{
          reinferTenantId?: string;
          uipathTenantId?: string;
          quotaKind: string;
          limit: number;
          autoIncreaseUpTo?: number;
        }>,
      ) => {
        await (
          await import('./commands/create-quota.js')
        ).run({ ...defined(options), globals: globals() }, io);
      },
    );
  for (const name of ['stream', 'streams']) {
    create
      .command(name)
      .description('create streams from a JSON Lines file')
      .requiredOption('-d, --dataset <DATASET>', 'dataset name or id', parseDatasetRef)
      .requiredOption('-f, --file <PATH>', 'JSON Lines of streams')
      .requiredOption(
        '-v, --model-version <VERSION>',
        'model version of the streams',
        parsePositiveInteger,
      )
      .action(
        async (options: Options<{ dataset: ResourceRef; file: string; modelVersion: number }>) => {
          await (
            await import('./commands/create-streams.js')
          ).run({ ...options, globals: globals() }, io);
        },
      );
  }
  create
    .command('stream-exception')
    .description('tag a comment as an exception of a stream')
    .requiredOption('--stream <STREAM>', 'owner/dataset/stream', parseStreamRef)
    .requiredOption('--type <TEXT>', 'exception type')
    .requiredOption('--uid <COMMENT_UID>', 'comment uid')
    .action(
      async (
        options: Options<{ stream: ReturnType<typeof parseStreamRef>; type: string; uid: string }>,
      ) => {
        await (
          await import('./commands/create-stream-exception.js')
        ).run({ ...options, globals: globals() }, io);
      },
    );

  // update
  const update = program.command('update').description('update resources');
  update
    .command('source')
    .description('update a source')
    .argument('<SOURCE>', 'source name or id', parseSourceRef)
    .option('--title <TITLE>', 'title')
    .option('--description <TEXT>', 'description')
    .option('--should-translate <BOOL>', 'translate comments', parseBool)
    .option('--bucket <BUCKET>', 'bucket to read emails from', parseBucketRef)
    .option('--transform-tag <TAG>', 'email transform tag')
    .option('--detach-bucket', 'detach the bucket')
    .action(
      async (
        source: ResourceRef,
        options: Options<{
          title?: string;
          description?: string;
          shouldTranslate?: boolean;
          bucket?: ResourceRef;
          transformTag?: string;
          detachBucket?: boolean;
        }>,
      ) => {
        await (
          await import('./commands/update-source.js')
        ).run({ source, ...defined(options), globals: globals() }, io);
      },
    );
  update
    .command('dataset')
    .description('update a dataset')
    .argument('<DATASET>', 'dataset name or id', parseDatasetRef)
    .option('--title <TITLE>', 'title')
    .option('--description <TEXT>', 'description')
    .option('-s, --source [SOURCE...]', 'replace the sources; without a value, remove them all')
    .action(
      async (
        dataset: ResourceRef,
        options: Options<{ title?: string; description?: string; source?: string[] | true }>,
      ) => {
        const { source, ...rest } = options;
        const sources =
          source === undefined ? undefined : source === true ? [] : source.map(sourceRefInAction);
        await (
          await import('./commands/update-dataset.js')
        ).run({ dataset, ...defined({ ...rest, sources }), globals: globals() }, io);
      },
    );
  update
    .command('project')
    .description('update a project')
    .argument('<NAME>', 'project name', parseProjectName)
    .option('--title <TITLE>', 'title')
    .option('--description <TEXT>', 'description')
    .action(async (name: string, options: Options<{ title?: string; description?: string }>) => {
      await (
        await import('./commands/update-project.js')
      ).run({ name, ...defined(options), globals: globals() }, io);
    });
  update
    .command('users')
    .description('update user permissions from a JSON Lines file or stdin')
    .option('-f, --file <PATH>', 'JSON Lines file (default: stdin)')
    .option('--no-progress', 'no progress bar')
    .action(async (options: Options<{ file?: string; progress?: boolean }>) => {
      await (
        await import('./commands/update-users.js')
      ).run({ ...defined(options), globals: globals() }, io);
    });

  // delete
  const remove = program.command('delete').description('delete resources');
  remove
    .command('source')
    .description('delete a source')
    .argument('<SOURCE>', 'source name or id', parseSourceRef)
    .action(async (source: ResourceRef) => {
      await (await import('./commands/delete-source.js')).run({ source, globals: globals() }, io);
    });
  remove
    .command('dataset')
    .description('delete a dataset')
    .argument('<DATASET>', 'dataset name or id', parseDatasetRef)
    .action(async (dataset: ResourceRef) => {
      await (await import('./commands/delete-dataset.js')).run({ dataset, globals: globals() }, io);
    });
  remove
    .command('project')
    .description('delete a project')
    .argument('<NAME>', 'project name', parseProjectName)
    .option('--force', 'also delete its sources, datasets, buckets and integrations')
    .action(async (name: string, options: Options<{ force?: boolean }>) => {
      await (
        await import('./commands/delete-project.js')
      ).run({ name, ...defined(options), globals: globals() }, io);
    });
  remove
    .command('bucket')
    .description('delete a bucket')
    .argument('<BUCKET>', 'bucket name or id', parseBucketRef)
    .action(async (bucket: ResourceRef) => {
      await (await import('./commands/delete-bucket.js')).run({ bucket, globals: globals() }, io);
    });
  remove
    .command('keyed-sync-states')
    .description("delete a mailbox's keyed sync states (the connector re-syncs it)")
    .argument('<BUCKET>', 'bucket name or id', parseBucketRef)
    .argument('<MAILBOX>', 'mailbox name')
    .action(async (bucket: ResourceRef, mailbox: string) => {
      await (
        await import('./commands/delete-keyed-sync-states.js')
      ).run({ bucket, mailbox, globals: globals() }, io);
    });
  remove
    .command('user')
    .description('delete a user')
    .argument('<USER_ID>', 'user id', parseUserId)
    .action(async (user: string) => {
      await (await import('./commands/delete-user.js')).run({ user, globals: globals() }, io);
    });
  remove
    .command('comments')
    .description('delete comments by id')
    .requiredOption('-s, --source <SOURCE>', 'source name or id', parseSourceRef)
    .argument('<COMMENT_ID...>', 'comment ids')
    .action(async (ids: string[], options: Options<{ source: ResourceRef }>) => {
      await (
        await import('./commands/delete-comments.js')
      ).run({ ids, source: options.source, globals: globals() }, io);
    });
  remove
    .command('bulk')
    .description('delete the comments of a source in a time range')
    .requiredOption('-s, --source <SOURCE>', 'source name or id', parseSourceRef)
    .requiredOption('--include-annotated <BOOL>', 'also delete annotated comments', parseBool)
    .option(
      '--from-timestamp <TIMESTAMP>',
      'earliest comment timestamp (inclusive)',
      parseTimestamp,
    )
    .option('--to-timestamp <TIMESTAMP>', 'latest comment timestamp (inclusive)', parseTimestamp)
    .option('--no-progress', 'no progress bar')
    .action(
      async (
        options: Options<{
          source: ResourceRef;
          includeAnnotated: boolean;
          fromTimestamp?: string;
          toTimestamp?: string;
          progress?: boolean;
        }>,
      ) => {
        await (
          await import('./commands/delete-bulk.js')
        ).run({ ...defined(options), globals: globals() }, io);
      },
    );

  // parse
  const parse = program.command('parse').description('upload data from local files');
  parse
    .command('emls')
    .description('upload the .eml files of a directory to a bucket')
    .requiredOption('-d, --dir <DIR>', 'directory with .eml files')
    .requiredOption('-b, --bucket <BUCKET>', 'bucket name or id', parseBucketRef)
    .option('-n, --no-charge', 'accepted; Sift does not bill')
    .option('-y, --yes', 'accepted; Sift never asks for billing consent')
    .action(
      async (
        options: Options<{ dir: string; bucket: ResourceRef; charge?: boolean; yes?: boolean }>,
      ) => {
        await (
          await import('./commands/parse-emls.js')
        ).run({ ...defined(options), globals: globals() }, io);
      },
    );

  return program;
}

function takesValue(option: Option | undefined, token: string): boolean {
  return option !== undefined && (option.required || option.optional) && !token.includes('=');
}

/**
 * Unambiguous prefixes of subcommands are accepted (`sift get proj` = `sift get projects`, cli.md §2),
 * as clap's `InferSubcommands` does for `re`. An ambiguous prefix is an argument error.
 */
export function expandPrefixes(program: Command, args: readonly string[]): string[] {
  const out = [...args];
  let node: Command = program;
  for (let index = 0; index < out.length; index++) {
    const token = out[index]!;
    if (token === '--') {
      break;
    }
    if (token.startsWith('-')) {
      const flag = token.split('=')[0]!;
      const option = node.options.find(
        (candidate) =>
          candidate.long === flag || (candidate.short === flag && token.length === flag.length),
      );
      if (takesValue(option, token) && index + 1 < out.length) {
        const next = out[index + 1]!;
        if (option!.required || !next.startsWith('-')) {
          index += 1;
        }
      }
      continue;
    }
    if (node.commands.length === 0 || token === 'help') {
      break;
    }
    const exact = node.commands.find((command) => command.name() === token);
    const candidates = exact
      ? [exact]
      : node.commands.filter((command) => command.name().startsWith(token));
    if (candidates.length > 1) {
      throw new CommanderError(
        1,
        'sift.ambiguousCommand',
        `error: the subcommand '${token}' is ambiguous (${candidates.map((command) => command.name()).join(', ')})\n`,
      );
    }
    if (candidates.length === 0) {
      break;
    }
    node = candidates[0]!;
    out[index] = node.name();
  }
  return out;
}

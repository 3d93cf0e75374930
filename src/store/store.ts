// The persistence boundary. Repositories take and return records; database rows never leave store/.

export type TenantRecord = { id: string; name: string; token_secret: string; created_at: string };

export type UserRecord = {
  id: string;
  username: string;
  email: string;
  created: string;
  global_permissions: string[];
  organisation_permissions: Record<string, string[]>;
  last_login_at: string | null;
};

export type ProjectRecord = {
  id: string;
  name: string;
  title: string;
  description: string;
  user_auto_join: boolean;
  created_at: string;
  updated_at: string;
};

export type SourceRecord = {
  id: string;
  project_id: string;
  /** The project's name: `owner` on the wire. */
  owner: string;
  name: string;
  title: string;
  description: string;
  language: string;
  should_translate: boolean;
  sensitive_properties: string[];
  created_at: string;
  updated_at: string;
  last_modified: string;
  bucket_id: string | null;
  kind: string;
  email_transform_tag: string | null;
  email_transform_version: number | null;
};

export type AuditRefs = {
  tenant_ids: string[];
  user_ids?: string[];
  project_ids?: string[];
  source_ids?: string[];
  dataset_ids?: string[];
  trigger_ids?: string[];
  /** Names of referenced entities at the time of the event, for lookups after they are deleted. */
  snapshot: {
    users?: { id: string; username: string; email: string }[];
    projects?: { id: string; name: string }[];
    sources?: { id: string; name: string; title: string; project_id: string }[];
    datasets?: { id: string; name: string; title: string; project_id: string }[];
    triggers?: { id: string; name: string; title: string; dataset_id: string }[];
  };
};

export type AuditEventRecord = {
  event_id: string;
  event_type: string;
  timestamp: string;
  actor_user_id: string;
  actor_tenant_id: string;
  refs: AuditRefs;
};

/** Keyset position in the audit log: newest first, then event_id. */
export type AuditPosition = { timestamp: string; event_id: string };

export type TenantRepo = {
  get(): Promise<TenantRecord | null>;
  insert(tenant: TenantRecord): Promise<void>;
};

export type UserRepo = {
  insert(user: UserRecord): Promise<void>;
  getById(id: string): Promise<UserRecord | null>;
  getByUsername(username: string): Promise<UserRecord | null>;
  getByEmail(email: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  getMany(ids: readonly string[]): Promise<UserRecord[]>;
  updatePermissions(
    id: string,
    permissions: {
      global_permissions: string[];
      organisation_permissions: Record<string, string[]>;
    },
  ): Promise<void>;
  touchLastLogin(id: string, at: string, notAfter: string): Promise<void>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
};

export type TokenRepo = {
  /** Replaces the user's token: one active token per user. */
  setForUser(userId: string, tokenHash: string, createdAt: string): Promise<void>;
  findUserIdByHash(tokenHash: string): Promise<{ user_id: string; token_hash: string } | null>;
  deleteForUser(userId: string): Promise<void>;
};

export type ProjectUpdate = Partial<
  Pick<ProjectRecord, 'title' | 'description' | 'user_auto_join'>
> & {
  updated_at: string;
};

export type ProjectRepo = {
  insert(project: ProjectRecord): Promise<void>;
  getByName(name: string): Promise<ProjectRecord | null>;
  getById(id: string): Promise<ProjectRecord | null>;
  getMany(ids: readonly string[]): Promise<ProjectRecord[]>;
  list(): Promise<ProjectRecord[]>;
  update(id: string, update: ProjectUpdate): Promise<void>;
  delete(id: string): Promise<void>;
};

export type SourceUpdate = Partial<
  Pick<
    SourceRecord,
    | 'title'
    | 'description'
    | 'should_translate'
    | 'sensitive_properties'
    | 'bucket_id'
    | 'email_transform_tag'
    | 'email_transform_version'
  >
> & { updated_at?: string; last_modified?: string };

export type SourceRepo = {
  insert(source: Omit<SourceRecord, 'owner'>): Promise<void>;
  getByName(projectName: string, name: string): Promise<SourceRecord | null>;
  getById(id: string): Promise<SourceRecord | null>;
  getMany(ids: readonly string[]): Promise<SourceRecord[]>;
  /** All sources, or those of one project, sorted by (owner, name). */
  list(projectName?: string): Promise<SourceRecord[]>;
  update(id: string, update: SourceUpdate): Promise<void>;
  delete(id: string): Promise<void>;
  countByProject(projectId: string): Promise<number>;
};

export type AuditRepo = {
  insert(event: AuditEventRecord): Promise<void>;
  query(options: {
    minimum?: string;
    maximum?: string;
    after?: AuditPosition;
    limit: number;
  }): Promise<AuditEventRecord[]>;
};

/** A stored comment; `messages`, `user_properties` and `attachments` are the client's JSON values. */
export type CommentRecord = {
  seq: number;
  source_id: string;
  id: string;
  timestamp: string;
  thread_id: string | null;
  text_format: string | null;
  messages: unknown[];
  user_properties: Record<string, string | number>;
  attachments: Record<string, unknown>[];
  fingerprint: string;
  created_at: string;
  last_modified: string;
  context: string;
};

export type CommentWrite = Omit<CommentRecord, 'seq'>;

/** Keyset position of a source iteration in (timestamp, id) order. */
export type CommentPosition = { timestamp: string; id: string };

export type CommentRepo = {
  /** The stored comments of one source with these ids (any order). */
  getMany(sourceId: string, ids: readonly string[]): Promise<CommentRecord[]>;
  get(sourceId: string, id: string): Promise<CommentRecord | null>;
  insertMany(comments: readonly CommentWrite[]): Promise<void>;
  /** Replaces the client fields of existing comments (created_at and seq unchanged). */
  replaceMany(comments: readonly CommentWrite[]): Promise<void>;
  deleteMany(sourceId: string, ids: readonly string[]): Promise<number>;
  iterate(options: {
    sourceId: string;
    direction: 'ascending' | 'descending';
    from?: string;
    to?: string;
    after?: CommentPosition;
    limit: number;
  }): Promise<CommentRecord[]>;
  /** Comments of the given threads (all threads when `threadIds` is absent), by (thread, timestamp, id). */
  listThreads(sourceId: string, threadIds?: readonly string[]): Promise<CommentRecord[]>;
  count(options: { sourceIds: readonly string[]; from?: string; to?: string }): Promise<number>;
  /**
   * Keyword search over subject + body (ml.md §6.1): comments of these sources matching `query` in the
   * syntax of docs/keyword-search.md, as seq → relevance (higher is more relevant).
   */
  textSearch(sourceIds: readonly string[], query: string): Promise<Map<number, number>>;
  /** The highest `seq` of any comment created before `createdAt` (all comments when absent), or 0. */
  maxSeq(createdBefore?: string): Promise<number>;
  /**
   * A page of the comments of several sources in (key, source_id, id) order, `key` being `timestamp` or
   * `created_at`, bounded inclusively and continuing after a keyset position.
   */
  page(options: {
    sourceIds: readonly string[];
    orderBy: 'timestamp' | 'created_at';
    from?: string;
    to?: string;
    after?: { key: string; source_id: string; id: string };
    limit: number;
  }): Promise<CommentRecord[]>;
  /** Comments of sources in seq order after `afterSeq`, optionally bounded by timestamp. */
  scan(options: {
    sourceIds: readonly string[];
    from?: string;
    to?: string;
    afterSeq: number;
    limit: number;
  }): Promise<CommentRecord[]>;
};

export type StagedAttachment = {
  source_id: string;
  comment_id: string;
  attachment_index: number;
  content_hash: string;
  reference: string | null;
};

export type AttachmentRepo = {
  /** Stores (or replaces) the content uploaded for one attachment slot; the slot loses its reference. */
  stage(slot: StagedAttachment & { content: Buffer; created_at: string }): Promise<void>;
  /** The staged slots of these comments (content excluded). */
  listStaged(sourceId: string, commentIds: readonly string[]): Promise<StagedAttachment[]>;
  setReference(
    sourceId: string,
    commentId: string,
    index: number,
    reference: string,
  ): Promise<void>;
  getByReference(reference: string): Promise<(StagedAttachment & { content: Buffer }) | null>;
  deleteForComments(sourceId: string, commentIds: readonly string[]): Promise<void>;
  /** Removes staged content that no comment linked before `before` (api.md §6.4: after 24 h). */
  deleteUnlinkedBefore(before: string): Promise<number>;
};

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export type JobRecord = {
  id: string;
  kind: string;
  target: string;
  payload: unknown;
  status: JobStatus;
  priority: number;
  run_after: string;
  deadline: string;
  lease_until: string | null;
  attempts: number;
  result: unknown;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  /** The job's own last progress report (JobProgress), or null. */
  progress: unknown;
};

export type JobRepo = {
  /**
   * Creates the pending job of (kind, target), or updates the pending one in one statement: a burst of
   * triggers leaves one job (architecture.md §7.4). Its `run_after` moves to the later of the two but
   * never past the first trigger's `deadline` (ml.md §4.1).
   */
  schedule(job: {
    id: string;
    kind: string;
    target: string;
    payload: unknown;
    priority: number;
    run_after: string;
    deadline: string;
    now: string;
  }): Promise<void>;
  /** Atomically claims the next runnable job (pending and due, or running with an expired lease), or null. */
  claimNext(options: {
    now: string;
    leaseUntil: string;
    kinds: readonly string[];
  }): Promise<JobRecord | null>;
  /** Extends the lease of a job this worker still holds; false when it lost it. */
  heartbeat(id: string, attempts: number, leaseUntil: string, now: string): Promise<boolean>;
  complete(id: string, attempts: number, result: unknown, now: string): Promise<void>;
  fail(
    id: string,
    attempts: number,
    error: { code: string; message: string },
    now: string,
  ): Promise<void>;
  /** Puts a running job back to pending (retryable failure); if another is pending for its target, drops it. */
  retryLater(
    id: string,
    attempts: number,
    runAfter: string,
    error: { code: string; message: string },
    now: string,
  ): Promise<void>;
  get(id: string): Promise<JobRecord | null>;
  listByTarget(target: string, kind?: string): Promise<JobRecord[]>;
  /** Records a running job's progress; fenced by the attempt like every other state change. */
  reportProgress(id: string, attempts: number, progress: unknown, now: string): Promise<void>;
  /** The pending and running jobs of these kinds on these targets, oldest first. */
  listActive(targets: readonly string[], kinds: readonly string[]): Promise<JobRecord[]>;
  /** Whether a job of (kind, target) is pending or running. */
  hasActive(target: string, kind: string): Promise<boolean>;
  /** The most recently finished (done or failed) job of (kind, target), or null. */
  lastFinished(target: string, kind: string): Promise<JobRecord | null>;
};

export type DatasetRecord = {
  id: string;
  project_id: string;
  /** The project's name: `owner` on the wire. */
  owner: string;
  name: string;
  title: string;
  description: string;
  model_family: string;
  has_sentiment: boolean;
  /** In the order given. */
  source_ids: string[];
  dataset_flags: string[];
  model_config: Record<string, unknown>;
  /** Null when the client never sent them. */
  label_properties: string[] | null;
  timezone: string;
  preferred_locales: Record<string, unknown> | null;
  created: string;
  last_modified: string;
};

export type DatasetRecordUpdate = Partial<
  Pick<
    DatasetRecord,
    | 'title'
    | 'description'
    | 'model_family'
    | 'source_ids'
    | 'dataset_flags'
    | 'model_config'
    | 'label_properties'
    | 'timezone'
    | 'preferred_locales'
  >
> & { last_modified?: string };

export type DatasetRepo = {
  insert(dataset: Omit<DatasetRecord, 'owner'>): Promise<void>;
  getByName(projectName: string, name: string): Promise<DatasetRecord | null>;
  getById(id: string): Promise<DatasetRecord | null>;
  /** All datasets, or those of one project, sorted by (owner, name). */
  list(projectName?: string): Promise<DatasetRecord[]>;
  update(id: string, update: DatasetRecordUpdate): Promise<void>;
  /**
   * Holds the dataset's row lock until the transaction ends, so concurrent taxonomy writes to one
   * dataset serialise (api.md §3.11). SQLite's single writer serialises transactions already.
   */
  lock(id: string): Promise<void>;
  delete(id: string): Promise<void>;
  countByProject(projectId: string): Promise<number>;
  /** Takes a source out of every dataset's source_ids, bumping their last_modified; returns their ids. */
  removeSource(sourceId: string, lastModified: string): Promise<string[]>;
};

export type LabelGroupRecord = {
  name: string;
  label_collection_name: string | null;
  trainable: boolean;
  hidden: boolean;
  instructions: string;
};

/** A moon-form (extraction) field as stored and emitted. */
export type MoonFormFieldRecord = {
  name: string;
  kind: string;
  instructions: string;
  field_id: string;
  id: string;
  field_type_id?: string;
  rule_set?: Record<string, unknown>;
};

export type LabelDefRecord = {
  /** Joined form: parts separated by " > ". */
  name: string;
  title: string;
  instructions: string;
  external_id: string | null;
  pretrained: { id: string; name: string } | null;
  trainable: boolean;
  moon_form: MoonFormFieldRecord[] | null;
  properties: { name: string; value: number }[] | null;
};

export type EntityRulesRecord = {
  suppressors?: string[];
  choices?: { id: string; name: string; values: string[] }[];
  regex?: { pattern: string } | { templates: { template: string; pattern: string }[] };
};

export type EntityDefRecord = {
  id: string;
  name: string;
  title: string;
  color: number;
  inherits_from: string[];
  trainable: boolean;
  flags: string[];
  rules: EntityRulesRecord | null;
  instructions: string | null;
};

export type GeneralFieldRecord = {
  field_id: string;
  api_name: string;
  field_type_id: string | null;
  field_type_name: string | null;
  title: string;
};

/** A dataset's taxonomy: groups (`default` first, then by creation) with defs in taxonomy order. */
export type TaxonomyRecord = {
  label_groups: (LabelGroupRecord & { label_defs: LabelDefRecord[] })[];
  entity_defs: EntityDefRecord[];
  general_fields: GeneralFieldRecord[];
};

export type TaxonomyRepo = {
  /** The taxonomies of these datasets; a dataset without groups maps to empty lists. */
  load(datasetIds: readonly string[]): Promise<Map<string, TaxonomyRecord>>;
  /** Appends a group after the existing ones (creation order). */
  insertGroup(datasetId: string, group: LabelGroupRecord): Promise<void>;
  updateGroup(datasetId: string, group: LabelGroupRecord): Promise<void>;
  /** Deletes the group and its label defs. */
  deleteGroup(datasetId: string, name: string): Promise<void>;
  insertLabelDefs(
    datasetId: string,
    groupName: string,
    defs: readonly (LabelDefRecord & { position: number })[],
  ): Promise<void>;
  /** Rewrites the def stored under `name` (its new name and position included). */
  updateLabelDef(
    datasetId: string,
    groupName: string,
    name: string,
    def: LabelDefRecord & { position: number },
  ): Promise<void>;
  deleteLabelDefs(datasetId: string, groupName: string, names: readonly string[]): Promise<void>;
  /** Appends an entity def after the existing ones. */
  insertEntityDef(datasetId: string, def: EntityDefRecord): Promise<void>;
  updateEntityDef(datasetId: string, def: EntityDefRecord): Promise<void>;
  /** Appends a general field after the existing ones. */
  insertGeneralField(datasetId: string, field: GeneralFieldRecord): Promise<void>;
  updateGeneralField(datasetId: string, field: GeneralFieldRecord): Promise<void>;
};

export type AnnotatedLabel = {
  name: string;
  sentiment: 'positive' | 'negative';
  metadata?: unknown;
};

export type LabellingGroupRecord = {
  group: string;
  assigned: AnnotatedLabel[];
  dismissed: AnnotatedLabel[];
  uninformative?: unknown;
};

/** A comment's annotations in one dataset (api.md §4.6). */
export type AnnotationRecord = {
  dataset_id: string;
  source_id: string;
  comment_id: string;
  labelling: LabellingGroupRecord[];
  entities: { assigned: unknown[]; dismissed: unknown[] } | null;
  moon_forms: unknown[] | null;
  /** Any assigned/dismissed label or entity, moon-form capture or explicit uninformative mark. */
  reviewed: boolean;
  updated_at: string;
  /** ml.md §6.3 method of the comment's first annotation in this dataset (kept on later writes). */
  retrieval_method: string | null;
};

export type AnnotationRepo = {
  getForComments(
    datasetId: string,
    sourceId: string,
    commentIds: readonly string[],
  ): Promise<AnnotationRecord[]>;
  upsert(record: AnnotationRecord): Promise<void>;
  /** Ids among these comments of one source that are reviewed in any dataset (`has_annotations`). */
  reviewedCommentIds(sourceId: string, commentIds: readonly string[]): Promise<Set<string>>;
  /** Drops entity and extraction annotations in every dataset (their spans may no longer be valid). */
  discardEntities(sourceId: string, commentIds: readonly string[], at: string): Promise<void>;
  /** Every annotation of a dataset, including those on sources it no longer contains. */
  listAllForDataset(datasetId: string): Promise<AnnotationRecord[]>;
  /** Every annotation of a dataset on the given sources, by (source, comment). */
  listForDataset(datasetId: string, sourceIds: readonly string[]): Promise<AnnotationRecord[]>;
  /** Whether any comment of these sources is reviewed in the dataset (status polls ask it often). */
  hasReviewed(datasetId: string, sourceIds: readonly string[]): Promise<boolean>;
};

/** A committed model version's list fields (ml.md §4.2); `summary` is the domain's JSON value. */
export type ModelVersionRecord = {
  dataset_id: string;
  version: number;
  model_id: string;
  fingerprint: string;
  trained_time: string;
  training_duration: number;
  input_updated_at: string;
  reviewed_counts: Record<string, number>;
  summary: unknown;
  pinned: boolean;
  starred: boolean;
  description: string;
};

/** What a training job commits; the version number is allocated by the store. */
export type ModelVersionWrite = Omit<ModelVersionRecord, 'version'> & {
  validation: unknown;
  taxonomy: unknown;
  model_file: Uint8Array;
};

export type ModelTagRecord = {
  dataset_id: string;
  name: string;
  version: number;
  updated_at: string;
};

export type ModelRepo = {
  /** Commits a version as the dataset's next number (no gaps: allocated in the caller's transaction). */
  insert(version: ModelVersionWrite): Promise<number>;
  get(datasetId: string, version: number): Promise<ModelVersionRecord | null>;
  latest(datasetId: string): Promise<ModelVersionRecord | null>;
  /** Newest first. */
  list(
    datasetId: string,
    options: { olderThan?: number | undefined; limit: number },
  ): Promise<ModelVersionRecord[]>;
  /** The last versions' summaries, oldest first (learning curves, ml.md §5.7). */
  history(datasetId: string, limit: number): Promise<ModelVersionRecord[]>;
  getValidation(
    datasetId: string,
    version: number,
  ): Promise<{ validation: unknown; taxonomy: unknown } | null>;
  getFile(datasetId: string, version: number): Promise<Uint8Array | null>;
  updateSettings(
    datasetId: string,
    version: number,
    update: { pinned?: boolean; starred?: boolean; description?: string },
  ): Promise<void>;
  countPinned(datasetId: string): Promise<number>;
  listTags(datasetId: string): Promise<ModelTagRecord[]>;
  setTag(tag: ModelTagRecord): Promise<void>;
  deleteTag(datasetId: string, name: string): Promise<boolean>;
};

export type EmbeddingRepo = {
  /** Which of these hashes have a cached vector, without reading the vectors. */
  cachedHashes(embedderId: string, hashes: readonly string[]): Promise<Set<string>>;
  /** Cached vectors by input hash (absent hashes are missing). */
  getMany(embedderId: string, hashes: readonly string[]): Promise<Map<string, Float32Array>>;
  putMany(
    embedderId: string,
    entries: readonly { hash: string; vector: Float32Array }[],
    at: string,
  ): Promise<void>;
};

/** A comment's stored predictions under the dataset's newest version (ml.md §4.3 step 10). */
export type CommentPredictionRecord = {
  dataset_id: string;
  source_id: string;
  comment_id: string;
  version: number;
  /** The comment's `context` when predicted; a different current context means stale. */
  context: string;
  /** `[full name, probability]` pairs with p ≥ 0.01, by probability descending. */
  labels: [string, number][];
  /** Highest probability among informative modelled labels (Low confidence key, ml.md §6.1). */
  max_informative: number;
  check_key: number | null;
  missed_key: number | null;
  rebalance_key: number | null;
};

/** What `PredictionRepo.labelVolume` counts (Reports on predictions). */
export type LabelVolumeQuery = {
  datasetId: string;
  /** The sources counted (the dataset's, or a subset the caller chose). */
  sourceIds: readonly string[];
  /** Inclusive bounds on the comments' canonical `timestamp`. */
  from?: string;
  to?: string;
  /** The labels counted, each with the probability at which a prediction counts as the label. */
  labels: readonly { name: string; threshold: number }[];
  /**
   * `predicted`: every comment, a reviewed one by its assigned labels (parents implied), any other by
   * its stored predictions at the label's threshold; `reviewed`: reviewed comments only.
   */
  basis: 'predicted' | 'reviewed';
};

/** Counts per UTC day (`YYYY-MM-DD`), days without comments absent. */
export type LabelVolume = {
  days: { day: string; comments: number; reviewed: number }[];
  counts: { day: string; label: string; count: number }[];
};

export type PredictionRepo = {
  /** Replaces the stored predictions of these comments (their label rows included). */
  upsertMany(records: readonly CommentPredictionRecord[]): Promise<void>;
  getForComments(
    datasetId: string,
    sourceId: string,
    commentIds: readonly string[],
  ): Promise<CommentPredictionRecord[]>;
  /** Every stored prediction of a dataset (the query orders rank by them, ml.md §6.1). */
  listForDataset(datasetId: string): Promise<CommentPredictionRecord[]>;
  /** How many comments of the dataset hold predictions of this version. */
  countForVersion(datasetId: string, version: number): Promise<number>;
  /** Comments and label counts per day, aggregated in the database. */
  labelVolume(query: LabelVolumeQuery): Promise<LabelVolume>;
};

/**
 * How `POST …/query` ranks (ml.md §6.1), as the store computes it over persisted keys
 * (docs/adr/2026-12-06-store-side-query.md). Every order is a sequence of segments, each walked by an index in
 * (key, source_id, comment_id) order (`recent`: timestamp descending, then id, then source). Orders on
 * predictions exclude reviewed comments, except `check` (reviewed with an assigned label) and `missed`
 * (reviewed).
 */
export type RankOrder =
  | { kind: 'recent' }
  /** Every comment at the same key: by uid. */
  | { kind: 'uid' }
  /** Stored shuffle keys from `offset` upwards, then wrapping round. */
  | { kind: 'sample'; offset: number }
  | { kind: 'text_search'; query: string }
  /** 1 − p ascending; comments without a stored probability last. */
  | { kind: 'by_label'; label: string }
  /** |p − target| ascending (unreviewed); `rival`: the stored gap to the best rival, missing last. */
  | { kind: 'teach'; label: string; target: 0.5 | 0.66 | 'rival' }
  /** 1 − rebalance key ascending (unreviewed), missing last. */
  | { kind: 'rebalance' }
  /** max_informative ascending (unreviewed), missing last. */
  | { kind: 'any_label_asc' }
  | { kind: 'check'; label?: string }
  | { kind: 'missed'; label?: string };

/** A comment's place in a ranking; a keyset position to continue after. */
export type RankedComment = {
  segment: number;
  key: number | string;
  source_id: string;
  comment_id: string;
};

export type RankQuery = {
  datasetId: string;
  sourceIds: readonly string[];
  from?: string;
  to?: string;
  reviewed?: 'only_reviewed' | 'only_unreviewed';
  order: RankOrder;
};

export type DatasetQueryRepo = {
  /** The next `limit` eligible comments after `after` (from the start when absent). */
  rank(query: RankQuery & { after?: RankedComment; limit: number }): Promise<RankedComment[]>;
  /** How many comments the ranking holds. */
  count(query: RankQuery): Promise<number>;
};

export type StreamLabelThreshold = { name: string[]; threshold: number };

/** A stream (api.md §4.10); `position` is the `seq` of the last acknowledged comment (§5.11.1). */
export type StreamRecord = {
  id: string;
  dataset_id: string;
  name: string;
  title: string;
  description: string;
  created_at: string;
  updated_at: string;
  context: string;
  comment_filter: Record<string, unknown>;
  model: { version: number; label_thresholds: StreamLabelThreshold[] } | null;
  position: number;
};

export type StreamExceptionRecord = {
  stream_id: string;
  source_id: string;
  comment_id: string;
  type: string;
};

export type StreamRepo = {
  /** Inserts a stream; a name the dataset already uses is a `conflict` AppError. */
  create(record: StreamRecord): Promise<void>;
  get(datasetId: string, name: string): Promise<StreamRecord | null>;
  list(datasetId: string): Promise<StreamRecord[]>;
  /** Replaces the settings (not the position); a name taken by another stream is a `conflict`. */
  update(record: StreamRecord): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Raises the position to `position` if it is lower (never lowers it); returns the position after. */
  advance(id: string, position: number, updatedAt: string): Promise<number | null>;
  /** Sets the position whatever it was (reset moves backwards as well as forwards). */
  setPosition(id: string, position: number, updatedAt: string): Promise<void>;
  /** Whether any stream of the dataset binds this model version. */
  usesVersion(datasetId: string, version: number): Promise<boolean>;
  putExceptions(entries: readonly StreamExceptionRecord[], createdAt: string): Promise<void>;
  deleteExceptions(
    streamId: string,
    keys: readonly { source_id: string; comment_id: string }[],
  ): Promise<void>;
  /** The exceptions of these streams on these comments of one source. */
  exceptionsFor(
    streamIds: readonly string[],
    sourceId: string,
    commentIds: readonly string[],
  ): Promise<StreamExceptionRecord[]>;
  /** Every exception of one stream (filters on `trigger_exceptions` read them). */
  listExceptions(streamId: string): Promise<StreamExceptionRecord[]>;
};

/** A Discover theme as stored (ml.md §7); the wire view drops reviewed comments at read time. */
export type StoredTheme = {
  id: string;
  name: string;
  keywords: string[];
  keyword_weights: number[];
  size: number;
  score: number;
  representatives: string[];
  members: string[];
};

export type ThemeSetRecord = {
  dataset_id: string;
  trained_time: string;
  fingerprint: string;
  version: number | null;
  themes: StoredTheme[];
  /** How many comments the run clustered (null for sets stored before it was recorded). */
  population?: number | null;
};

export type ThemeRepo = {
  get(datasetId: string): Promise<ThemeSetRecord | null>;
  /** Replaces the dataset's theme set. */
  put(record: ThemeSetRecord): Promise<void>;
};

export type BucketRecord = {
  id: string;
  project_id: string;
  /** The project's name: `owner` on the wire. */
  owner: string;
  name: string;
  title: string;
  bucket_type: string;
  created_at: string;
  updated_at: string;
  last_updated_by: Record<string, unknown> | null;
};

/** A stored email (api.md §6.3); `fingerprint` is the hash of the client fields, for no-op upserts. */
export type EmailRecord = {
  bucket_id: string;
  id: string;
  mailbox: string;
  timestamp: string;
  mime_content: string;
  metadata: Record<string, unknown> | null;
  attachments: Record<string, unknown>[];
  fingerprint: string;
  created_at: string;
  updated_at: string;
};

/** Keyset position of a bucket's emails in (created_at, id) order. */
export type EmailPosition = { created_at: string; id: string };

export type KeyedSyncStateRecord = {
  bucket_id: string;
  key: string;
  mailbox_name: string;
  /** The client's KeyedSyncState object, stored verbatim. */
  state: Record<string, unknown>;
};

export type BucketRepo = {
  insert(bucket: Omit<BucketRecord, 'owner'>): Promise<void>;
  getByName(projectName: string, name: string): Promise<BucketRecord | null>;
  getById(id: string): Promise<BucketRecord | null>;
  /** All buckets, or those of one project, sorted by (owner, name). */
  list(projectName?: string): Promise<BucketRecord[]>;
  update(
    id: string,
    update: {
      title?: string;
      last_updated_by?: Record<string, unknown> | null;
      updated_at: string;
    },
  ): Promise<void>;
  /** Deletes the bucket with its emails and sync states and detaches the sources reading it. */
  delete(id: string): Promise<void>;
  /** Ids of the sources whose `bucket_id` is this bucket. */
  readerSourceIds(bucketId: string): Promise<string[]>;
  getSyncState(bucketId: string): Promise<Record<string, unknown> | null>;
  putSyncState(bucketId: string, state: Record<string, unknown>): Promise<void>;
  getEmails(bucketId: string, ids: readonly string[]): Promise<EmailRecord[]>;
  insertEmails(emails: readonly EmailRecord[]): Promise<void>;
  /** Replaces the client fields and `updated_at` of existing emails (`created_at` unchanged). */
  replaceEmails(emails: readonly EmailRecord[]): Promise<void>;
  pageEmails(
    bucketId: string,
    options: { after?: EmailPosition; limit: number },
  ): Promise<EmailRecord[]>;
  countEmails(bucketId: string): Promise<number>;
  listSyncStates(bucketId: string): Promise<KeyedSyncStateRecord[]>;
  getSyncStateByKey(bucketId: string, key: string): Promise<KeyedSyncStateRecord | null>;
  putSyncStateByKey(record: KeyedSyncStateRecord): Promise<void>;
  deleteSyncStateByKey(bucketId: string, key: string): Promise<boolean>;
  syncStateKeys(bucketId: string, mailboxName: string): Promise<string[]>;
};

export type QuotaLimitRecord = {
  quota_kind: string;
  hard_limit: number;
  auto_increase_up_to: number | null;
};

export type QuotaRepo = {
  /** The stored (non-default) limits of a tenant. */
  list(tenantId: string): Promise<QuotaLimitRecord[]>;
  put(tenantId: string, limit: QuotaLimitRecord): Promise<void>;
  delete(tenantId: string, quotaKind: string): Promise<void>;
  /** Current counts by quota kind; per-parent kinds are the largest parent's count. */
  usage(): Promise<Record<string, number>>;
  /** Comments of one source (the per-source quota's usage for that source). */
  commentsInSource(sourceId: string): Promise<number>;
};

export type IntegrationRecord = {
  id: string;
  project_id: string;
  /** The project's name: `owner` on the wire. */
  owner: string;
  name: string;
  title: string;
  type: string;
  created_at: string;
  updated_at: string;
  enabled: boolean;
  disabled_reason: string | null;
  /** The client's configuration without the IMAP password. */
  configuration: Record<string, unknown>;
  /** The IMAP password, encrypted with the server key; never returned on the wire. */
  secret: string | null;
};

export type IntegrationErrorRecord = {
  id: string;
  integration_id: string;
  error_text: string;
  error_details: Record<string, unknown>;
  error_action: Record<string, unknown> | null;
  created_at: string;
  processed_at: string | null;
};

export type IntegrationRepo = {
  insert(integration: Omit<IntegrationRecord, 'owner'>): Promise<void>;
  getByName(projectName: string, name: string): Promise<IntegrationRecord | null>;
  getById(id: string): Promise<IntegrationRecord | null>;
  /** All integrations, or those of one project, sorted by (owner, name). */
  list(projectName?: string): Promise<IntegrationRecord[]>;
  /** Replaces the settings (title, enabled, disabled_reason, configuration, secret, updated_at). */
  update(record: IntegrationRecord): Promise<void>;
  delete(id: string): Promise<void>;
  addError(error: IntegrationErrorRecord): Promise<void>;
  /** Newest first. */
  listErrors(integrationId: string): Promise<IntegrationErrorRecord[]>;
};

export type StoreCapabilities = {
  readonly dialect: 'sqlite' | 'postgres';
  /** PostgreSQL claims with `FOR UPDATE SKIP LOCKED`; SQLite has one writer and needs no row locks. */
  readonly skipLocked: boolean;
  /** The newest migration this build ships for the dialect: the schema version the code expects. */
  readonly expectedSchemaVersion?: number;
};

export type Store = StoreCapabilities & {
  tenants: TenantRepo;
  users: UserRepo;
  tokens: TokenRepo;
  projects: ProjectRepo;
  sources: SourceRepo;
  audit: AuditRepo;
  comments: CommentRepo;
  attachments: AttachmentRepo;
  jobs: JobRepo;
  annotations: AnnotationRepo;
  datasets: DatasetRepo;
  taxonomy: TaxonomyRepo;
  models: ModelRepo;
  embeddings: EmbeddingRepo;
  predictions: PredictionRepo;
  /** Dataset query rankings; on SQLite files they run on a reader thread (heavy reads). */
  queries: DatasetQueryRepo;
  streams: StreamRepo;
  themes: ThemeRepo;
  buckets: BucketRepo;
  quotas: QuotaRepo;
  integrations: IntegrationRepo;
  /** Runs `fn` in one transaction: everything or nothing. Nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** The newest migration applied to the database (a round trip, so it also proves the store is reachable). */
  schemaVersion(): Promise<number>;
  /** Jobs per kind and status with the oldest `run_after` of each, for operators' metrics. */
  jobQueue(): Promise<{ kind: string; status: string; count: number; oldest: string }[]>;
  close(): Promise<void>;
};

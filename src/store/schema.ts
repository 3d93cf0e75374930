import type { Generated } from 'kysely';

// The Kysely view of the database, shared by the SQLite and PostgreSQL backends. Timestamps are canonical
// RFC 3339 strings with microseconds (fixed width, so they sort); JSON is TEXT; booleans are 0/1 integers.

export type TenantsTable = { id: string; name: string; token_secret: string; created_at: string };

export type UsersTable = {
  id: string;
  username: string;
  email: string;
  email_lower: string;
  created: string;
  global_permissions: string;
  organisation_permissions: string;
  last_login_at: string | null;
};

export type ApiTokensTable = { user_id: string; token_hash: string; created_at: string };

export type ProjectsTable = {
  id: string;
  name: string;
  title: string;
  description: string;
  user_auto_join: number;
  created_at: string;
  updated_at: string;
};

export type SourcesTable = {
  id: string;
  project_id: string;
  name: string;
  title: string;
  description: string;
  language: string;
  should_translate: number;
  sensitive_properties: string;
  created_at: string;
  updated_at: string;
  last_modified: string;
  bucket_id: string | null;
  kind: string;
  email_transform_tag: string | null;
  email_transform_version: number | null;
};

export type AuditEventsTable = {
  event_id: string;
  event_type: string;
  timestamp: string;
  actor_user_id: string;
  actor_tenant_id: string;
  /** JSON: the ids the event references plus a snapshot of their names at the time. */
  refs: string;
};

export type CommentsTable = {
  seq: Generated<number | string>;
  source_id: string;
  id: string;
  timestamp: string;
  thread_id: string | null;
  text_format: string | null;
  messages: string;
  user_properties: string;
  attachments: string;
  fingerprint: string;
  created_at: string;
  last_modified: string;
  context: string;
  /** 52-bit shuffle key, the first bits of SHA-256(uid) (0014-query-keys.sql). */
  sample_key: number | string;
};

export type AttachmentContentsTable = {
  source_id: string;
  comment_id: string;
  attachment_index: number;
  content_hash: string;
  content: Buffer;
  reference: string | null;
  created_at: string;
};

export type JobsTable = {
  id: string;
  kind: string;
  target: string;
  payload: string;
  status: string;
  priority: number;
  run_after: string;
  deadline: string;
  lease_until: string | null;
  attempts: number;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  progress: string | null;
};

export type DatasetsTable = {
  id: string;
  project_id: string;
  name: string;
  title: string;
  description: string;
  model_family: string;
  has_sentiment: number;
  dataset_flags: string;
  model_config: string;
  label_properties: string | null;
  timezone: string;
  preferred_locales: string | null;
  created: string;
  last_modified: string;
};

export type DatasetSourcesTable = { dataset_id: string; source_id: string; position: number };

export type LabelGroupsTable = {
  dataset_id: string;
  name: string;
  position: number;
  label_collection_name: string | null;
  trainable: number;
  hidden: number;
  instructions: string;
};

export type LabelDefsTable = {
  dataset_id: string;
  group_name: string;
  name: string;
  position: number;
  title: string;
  instructions: string;
  external_id: string | null;
  /** JSON `{id, name}`. */
  pretrained: string | null;
  trainable: number;
  /** JSON arrays. */
  moon_form: string | null;
  properties: string | null;
};

export type EntityDefsTable = {
  id: string;
  dataset_id: string;
  name: string;
  position: number;
  title: string;
  /** BIGINT on PostgreSQL, which the driver returns as a string. */
  color: number | string;
  inherits_from: string;
  trainable: number;
  flags: string;
  rules: string | null;
  instructions: string | null;
};

export type GeneralFieldsTable = {
  field_id: string;
  dataset_id: string;
  api_name: string;
  position: number;
  field_type_id: string | null;
  field_type_name: string | null;
  title: string;
};

export type AnnotationsTable = {
  dataset_id: string;
  source_id: string;
  comment_id: string;
  labelling: string;
  entities: string | null;
  moon_forms: string | null;
  reviewed: number;
  updated_at: string;
  retrieval_method: string | null;
};

export type EmbeddingsTable = {
  embedder_id: string;
  input_sha256: string;
  vector: Uint8Array;
  created_at: string;
};

export type ModelVersionsTable = {
  dataset_id: string;
  version: number;
  model_id: string;
  fingerprint: string;
  trained_time: string;
  training_duration: number;
  input_updated_at: string;
  reviewed_counts: string;
  summary: string;
  validation: string;
  taxonomy: string;
  model_file: Uint8Array;
  pinned: number;
  starred: number;
  description: string;
};

export type ModelTagsTable = {
  dataset_id: string;
  name: string;
  version: number;
  updated_at: string;
};

export type CommentPredictionsTable = {
  dataset_id: string;
  source_id: string;
  comment_id: string;
  version: number;
  context: string;
  labels: string;
  max_informative: number;
  check_key: number | null;
  missed_key: number | null;
  rebalance_key: number | null;
};

export type LabelPredictionsTable = {
  dataset_id: string;
  label: string;
  source_id: string;
  comment_id: string;
  probability: number;
  /** |p − best rival p| for Teach in single-label groups (0014-query-keys.sql). */
  teach_gap: number | null;
};

export type StreamsTable = {
  id: string;
  dataset_id: string;
  name: string;
  title: string;
  description: string;
  created_at: string;
  updated_at: string;
  context: string;
  comment_filter: string;
  model_version: number | null;
  label_thresholds: string;
  /** BIGINT on PostgreSQL: read back as a string there. */
  position: number | string;
};

export type StreamExceptionsTable = {
  stream_id: string;
  source_id: string;
  comment_id: string;
  type: string;
  created_at: string;
};

/** SQLite FTS5 index of comment text, rowid = comments.seq (migration 0009). */
export type CommentsFtsTable = { rowid: number; text: string; comments_fts: string };

/** PostgreSQL tsvectors of comment text, by comments.seq (migration 0009). */
export type CommentsSearchTable = { seq: number | string; search: string };

export type ThemeSetsTable = {
  dataset_id: string;
  trained_time: string;
  fingerprint: string;
  version: number | null;
  themes: string;
  population: number | null;
};

export type BucketsTable = {
  id: string;
  project_id: string;
  name: string;
  title: string;
  bucket_type: string;
  created_at: string;
  updated_at: string;
  /** JSON or NULL. */
  last_updated_by: string | null;
  /** JSON of the bucket sync state (api.md §6.5) or NULL before the first write. */
  sync_state: string | null;
};

export type BucketEmailsTable = {
  bucket_id: string;
  id: string;
  mailbox: string;
  timestamp: string;
  mime_content: string;
  metadata: string | null;
  attachments: string;
  fingerprint: string;
  created_at: string;
  updated_at: string;
};

export type KeyedSyncStatesTable = {
  bucket_id: string;
  state_key: string;
  mailbox_name: string;
  state: string;
};

export type QuotaLimitsTable = {
  tenant_id: string;
  quota_kind: string;
  hard_limit: number | string;
  auto_increase_up_to: number | string | null;
};

export type IntegrationsTable = {
  id: string;
  project_id: string;
  name: string;
  title: string;
  type: string;
  created_at: string;
  updated_at: string;
  enabled: number;
  disabled_reason: string | null;
  configuration: string;
  secret: string | null;
};

export type IntegrationErrorsTable = {
  id: string;
  integration_id: string;
  error_text: string;
  error_details: string;
  error_action: string | null;
  created_at: string;
  processed_at: string | null;
};

export type Database = {
  tenants: TenantsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  projects: ProjectsTable;
  sources: SourcesTable;
  audit_events: AuditEventsTable;
  comments: CommentsTable;
  attachment_contents: AttachmentContentsTable;
  jobs: JobsTable;
  annotations: AnnotationsTable;
  datasets: DatasetsTable;
  dataset_sources: DatasetSourcesTable;
  label_groups: LabelGroupsTable;
  label_defs: LabelDefsTable;
  entity_defs: EntityDefsTable;
  general_fields: GeneralFieldsTable;
  embeddings: EmbeddingsTable;
  model_versions: ModelVersionsTable;
  model_tags: ModelTagsTable;
  comment_predictions: CommentPredictionsTable;
  label_predictions: LabelPredictionsTable;
  streams: StreamsTable;
  comments_fts: CommentsFtsTable;
  comments_search: CommentsSearchTable;
  theme_sets: ThemeSetsTable;
  stream_exceptions: StreamExceptionsTable;
  buckets: BucketsTable;
  bucket_emails: BucketEmailsTable;
  keyed_sync_states: KeyedSyncStatesTable;
  quota_limits: QuotaLimitsTable;
  integrations: IntegrationsTable;
  integration_errors: IntegrationErrorsTable;
};

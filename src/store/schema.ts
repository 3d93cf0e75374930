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
};

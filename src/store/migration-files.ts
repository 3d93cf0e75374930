import { readdirSync, readFileSync } from 'node:fs';

export type MigrationFile = { version: number; name: string; sql: string };

/** The `NNNN-slug.sql` files of one dialect's folder, in version order. */
export function listMigrations(directory: string): MigrationFile[] {
  return readdirSync(directory)
    .filter((name) => /^\d{4}-[a-z0-9-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({
      version: Number(name.slice(0, 4)),
      name,
      sql: readFileSync(`${directory}${name}`, 'utf8'),
    }));
}

import { canonicalJson } from '../../lib/json.js';
import type { LabelDefRecord } from '../../store/store.js';
import { invalid } from '../errors.js';

// api.md §3.9.3: label names are parts joined by " > "; ancestors are kept as separate defs.

export const LABEL_SEPARATOR = ' > ';
export const MAX_LABEL_PARTS = 8;
export const MAX_LABEL_PART_LENGTH = 256;
/**
 * Sift's bound on a joined name's UTF-8 size: names are part of a B-tree key, and PostgreSQL refuses
 * index entries beyond about 2.7 kB, which would otherwise surface as a 500 on long non-ASCII names.
 */
export const MAX_LABEL_NAME_BYTES = 2048;

export const DEFAULT_GROUP = 'default';

/** Parses either wire form into parts, or throws `invalid` naming `path` and the broken rule. */
export function parseLabelName(input: string | readonly string[], path: string): string[] {
  const parts = typeof input === 'string' ? input.split(LABEL_SEPARATOR) : [...input];
  const shown = typeof input === 'string' ? input : JSON.stringify(input);
  const fail = (rule: string) => invalid(`${path}: invalid label name '${shown}': ${rule}`);
  if (parts.length > MAX_LABEL_PARTS) {
    throw fail(`at most ${MAX_LABEL_PARTS} parts allowed (got ${parts.length})`);
  }
  for (const part of parts) {
    if (part === '') {
      throw fail('parts must not be empty');
    }
    if (part.trim() !== part) {
      throw fail('parts must not start or end with whitespace');
    }
    if (part.includes(LABEL_SEPARATOR)) {
      throw fail(`parts must not contain '${LABEL_SEPARATOR}'`);
    }
    if ([...part].length > MAX_LABEL_PART_LENGTH) {
      throw fail(`parts must have at most ${MAX_LABEL_PART_LENGTH} characters`);
    }
  }
  if (Buffer.byteLength(parts.join(LABEL_SEPARATOR), 'utf8') > MAX_LABEL_NAME_BYTES) {
    throw fail(`the joined name must be at most ${MAX_LABEL_NAME_BYTES} bytes in UTF-8`);
  }
  return parts;
}

/** The joined form of a valid name in either wire form. */
export function normaliseLabelName(input: string | readonly string[], path: string): string {
  return parseLabelName(input, path).join(LABEL_SEPARATOR);
}

/** `"A > B > C"` → `["A", "A > B"]`, outermost first. */
export function ancestorsOf(name: string): string[] {
  const parts = name.split(LABEL_SEPARATOR);
  return parts.slice(1).map((_part, index) => parts.slice(0, index + 1).join(LABEL_SEPARATOR));
}

export function isSelfOrDescendant(name: string, root: string): boolean {
  return name === root || name.startsWith(`${root}${LABEL_SEPARATOR}`);
}

export function partCount(name: string): number {
  return name.split(LABEL_SEPARATOR).length;
}

export function defaultLabelDef(name: string): LabelDefRecord {
  return {
    name,
    title: '',
    instructions: '',
    external_id: null,
    pretrained: null,
    trainable: true,
    moon_form: null,
    properties: null,
  };
}

/** A def of the group being edited, with the name it is stored under (null until first saved). */
type Entry = { storedName: string | null; def: LabelDefRecord };

/** What to write so that the stored group matches the edited one. */
export type LabelDefChanges = {
  deletes: string[];
  updates: { storedName: string; def: LabelDefRecord & { position: number } }[];
  inserts: (LabelDefRecord & { position: number })[];
};

/**
 * An ordered label group edited in memory: upserts, renames and deletes keep the ancestor invariant,
 * then `changes()` yields the minimal writes (only changed or moved rows are touched).
 */
export class LabelGroupEditor {
  private readonly entries: Entry[];
  private readonly original: ReadonlyMap<string, { def: LabelDefRecord; position: number }>;

  constructor(stored: readonly LabelDefRecord[]) {
    this.entries = stored.map((def) => ({ storedName: def.name, def }));
    this.original = new Map(stored.map((def, position) => [def.name, { def, position }]));
  }

  defs(): LabelDefRecord[] {
    return this.entries.map((entry) => entry.def);
  }

  get(name: string): LabelDefRecord | null {
    return this.entries.find((entry) => entry.def.name === name)?.def ?? null;
  }

  private indexOf(name: string): number {
    return this.entries.findIndex((entry) => entry.def.name === name);
  }

  /** Replaces an existing def in place (same name). */
  replace(def: LabelDefRecord): void {
    const index = this.indexOf(def.name);
    const entry = this.entries[index];
    if (entry) {
      entry.def = def;
    }
  }

  /** Appends a new def, first inserting its missing ancestors (default fields) right before it. */
  add(def: LabelDefRecord): void {
    this.entries.push({ storedName: null, def });
    this.ensureAncestors(def.name);
  }

  /** Inserts the missing ancestors of `name` immediately before it, outermost first. */
  private ensureAncestors(name: string): void {
    const missing = ancestorsOf(name).filter((ancestor) => this.indexOf(ancestor) === -1);
    if (missing.length === 0) {
      return;
    }
    const index = this.indexOf(name);
    this.entries.splice(
      index,
      0,
      ...missing.map((ancestor) => ({ storedName: null, def: defaultLabelDef(ancestor) })),
    );
  }

  /** Names of `root` and its descendants, in taxonomy order. */
  subtree(root: string): string[] {
    return this.entries
      .map((entry) => entry.def.name)
      .filter((name) => isSelfOrDescendant(name, root));
  }

  /**
   * Renames `from` and its descendants to live under `to`. Returns the name that already exists when
   * the rename would collide (the caller answers 409), or null on success.
   */
  rename(from: string, to: string, path: string): string | null {
    const moved = new Set(this.subtree(from));
    const renamed = new Map<string, string>();
    for (const name of moved) {
      const target = `${to}${name.slice(from.length)}`;
      if (partCount(target) > MAX_LABEL_PARTS) {
        throw invalid(
          `${path}: renaming '${name}' to '${target}' would exceed ${MAX_LABEL_PARTS} parts`,
        );
      }
      renamed.set(name, target);
    }
    for (const target of renamed.values()) {
      if (this.entries.some((entry) => entry.def.name === target && !moved.has(entry.def.name))) {
        return target;
      }
    }
    for (const entry of this.entries) {
      const target = renamed.get(entry.def.name);
      if (target !== undefined) {
        entry.def = { ...entry.def, name: target };
      }
    }
    this.ensureAncestors(to);
    return null;
  }

  /** Deletes `root` and its descendants; returns the names removed. */
  remove(root: string): string[] {
    const removed = this.subtree(root);
    const gone = new Set(removed);
    for (let index = this.entries.length - 1; index >= 0; index -= 1) {
      if (gone.has(this.entries[index]!.def.name)) {
        this.entries.splice(index, 1);
      }
    }
    return removed;
  }

  changes(): LabelDefChanges {
    const kept = new Set(
      this.entries.flatMap((entry) => (entry.storedName === null ? [] : [entry.storedName])),
    );
    const changes: LabelDefChanges = {
      deletes: [...this.original.keys()].filter((name) => !kept.has(name)),
      updates: [],
      inserts: [],
    };
    this.entries.forEach((entry, position) => {
      if (entry.storedName === null) {
        changes.inserts.push({ ...entry.def, position });
        return;
      }
      const before = this.original.get(entry.storedName);
      if (!before || before.position !== position || !sameDef(before.def, entry.def)) {
        changes.updates.push({ storedName: entry.storedName, def: { ...entry.def, position } });
      }
    });
    return changes;
  }
}

function sameDef(a: LabelDefRecord, b: LabelDefRecord): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

// ml.md §3.1 targets (a label implies its ancestors) and §3.5 hierarchy consistency. Labels are full
// names `A > B > C`; the list of a group is in ascending full-name order.

/** Separator of hierarchical label names (api.md). */
export const LABEL_SEPARATOR = ' > ';

/** Parent links of a group's labels. */
export type LabelHierarchy = {
  readonly labels: readonly string[];
  /** Index of the nearest listed ancestor, −1 for a root. */
  readonly parent: Int32Array;
  /** Label indices, deepest first (ties by index): the order of a bottom-up pass. */
  readonly bottomUp: Int32Array;
  /** Whether the label has a listed descendant. */
  readonly hasChildren: Uint8Array;
};

/** Builds the hierarchy of a group's label names. */
export function buildLabelHierarchy(labels: readonly string[]): LabelHierarchy {
  const index = new Map(labels.map((name, position) => [name, position]));
  const parent = new Int32Array(labels.length).fill(-1);
  const depth = new Int32Array(labels.length);
  const hasChildren = new Uint8Array(labels.length);
  labels.forEach((name, position) => {
    const parts = name.split(LABEL_SEPARATOR);
    depth[position] = parts.length;
    for (let cut = parts.length - 1; cut > 0; cut -= 1) {
      const ancestor = index.get(parts.slice(0, cut).join(LABEL_SEPARATOR));
      if (ancestor !== undefined) {
        parent[position] = ancestor;
        hasChildren[ancestor] = 1;
        break;
      }
    }
  });
  const bottomUp = Int32Array.from(labels.keys()).sort((a, b) => depth[b]! - depth[a]! || a - b);
  return { labels, parent, bottomUp, hasChildren };
}

/** Whether label `ancestor` is a proper ancestor of label `label`. */
export function isAncestor(hierarchy: LabelHierarchy, ancestor: number, label: number): boolean {
  for (let current = hierarchy.parent[label]!; current >= 0; current = hierarchy.parent[current]!) {
    if (current === ancestor) {
      return true;
    }
  }
  return false;
}

/**
 * ml.md §3.1 targets from explicit assignments: `y_ij = 1` iff `j` or a descendant of `j` is assigned.
 * Both are label-major (`[label · rows + row]`).
 */
export function targetsFromAssignments(
  hierarchy: LabelHierarchy,
  assigned: Uint8Array,
  rows: number,
): Uint8Array {
  const targets = assigned.slice();
  for (const label of hierarchy.bottomUp) {
    const parent = hierarchy.parent[label]!;
    if (parent < 0) {
      continue;
    }
    const from = label * rows;
    const to = parent * rows;
    for (let row = 0; row < rows; row += 1) {
      if (targets[from + row] === 1) {
        targets[to + row] = 1;
      }
    }
  }
  return targets;
}

/**
 * ml.md §3.5, in place on label-major probabilities of all the group's labels (NaN = no model): bottom-up,
 * `p_parent ← max(p_parent, max_child p_child)`; a parent without a model takes its children's max.
 */
export function applyHierarchyConsistency(
  hierarchy: LabelHierarchy,
  probabilities: Float64Array,
  rows: number,
): void {
  for (const label of hierarchy.bottomUp) {
    const parent = hierarchy.parent[label]!;
    if (parent < 0) {
      continue;
    }
    const from = label * rows;
    const to = parent * rows;
    for (let row = 0; row < rows; row += 1) {
      const child = probabilities[from + row]!;
      const current = probabilities[to + row]!;
      // NaN compares false, so an absent child never lowers or creates anything.
      if (child > current || (Number.isNaN(current) && !Number.isNaN(child))) {
        probabilities[to + row] = child;
      }
    }
  }
}

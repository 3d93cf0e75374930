export type LabelTreeNode = { name: string; part: string; children: LabelTreeNode[] };

const SEPARATOR = ' > ';

/**
 * Builds the taxonomy tree from joined label names (`"A > B"`); a child whose parent is not itself
 * a label def still hangs under a node for the parent so the hierarchy reads correctly.
 */
export function buildLabelTree(names: readonly string[]): LabelTreeNode[] {
  const roots: LabelTreeNode[] = [];
  const byName = new Map<string, LabelTreeNode>();
  for (const full of [...names].sort((a, b) => a.localeCompare(b))) {
    const parts = full.split(SEPARATOR);
    let siblings = roots;
    for (let depth = 0; depth < parts.length; depth++) {
      const name = parts.slice(0, depth + 1).join(SEPARATOR);
      let node = byName.get(name);
      if (node === undefined) {
        node = { name, part: parts[depth] ?? name, children: [] };
        byName.set(name, node);
        siblings.push(node);
      }
      siblings = node.children;
    }
  }
  return roots;
}

import { useState } from 'react';

import type { LabelTreeNode } from '../lib/label-tree';

type Props = {
  nodes: LabelTreeNode[];
  onRename: (from: string, to: string) => void;
  onDelete: (name: string) => void;
  busy: boolean;
};

function LabelTreeItem({
  node,
  onRename,
  onDelete,
  busy,
}: Omit<Props, 'nodes'> & { node: LabelTreeNode }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(node.name);
  return (
    <li
      role="treeitem"
      aria-selected={false}
      aria-expanded={node.children.length > 0 ? true : undefined}
    >
      {editing ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            setEditing(false);
            if (draft.trim() !== '' && draft.trim() !== node.name) {
              onRename(node.name, draft.trim());
            }
          }}
        >
          <label>
            New name for {node.name}
            <input value={draft} onChange={(event) => setDraft(event.target.value)} autoFocus />
          </label>
          <button type="submit">Save</button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <span className="tree-row">
          <span className="label-chip">{node.part}</span>
          <button
            type="button"
            className="small"
            aria-label={`Rename ${node.name}`}
            disabled={busy}
            onClick={() => {
              setDraft(node.name);
              setEditing(true);
            }}
          >
            Rename
          </button>
          <button
            type="button"
            className="small danger"
            aria-label={`Delete ${node.name}`}
            disabled={busy}
            onClick={() => {
              if (window.confirm(`Delete label "${node.name}" and its children?`)) {
                onDelete(node.name);
              }
            }}
          >
            Delete
          </button>
        </span>
      )}
      {node.children.length > 0 && (
        <ul role="group">
          {node.children.map((child) => (
            <LabelTreeItem
              key={child.name}
              node={child}
              onRename={onRename}
              onDelete={onDelete}
              busy={busy}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The label taxonomy as a tree with rename and delete on every node. */
export function LabelTreeView({ nodes, ...actions }: Props) {
  if (nodes.length === 0) {
    return (
      <p>
        No labels yet. Create one above, e.g. <code>Billing &gt; Refund</code>.
      </p>
    );
  }
  return (
    <ul role="tree" aria-label="Label taxonomy" className="label-tree">
      {nodes.map((node) => (
        <LabelTreeItem key={node.name} node={node} {...actions} />
      ))}
    </ul>
  );
}

import { useEffect, useState } from 'react';

import { assignLabelKeys, shortcutAction } from '../lib/keyboard-shortcuts';

import { ShortcutHelp } from './shortcut-help';

export type AnnotationPanelProps = {
  /** All label names in taxonomy order. */
  labels: readonly string[];
  /** Labels selected when the comment is shown (assigned, or confident predictions). */
  initialSelection: readonly string[];
  /** Predicted label → probability, shown beside each button. */
  predicted: ReadonlyMap<string, number>;
  onSave: (assigned: string[], dismissed: string[]) => void;
  onNext: () => void;
  onPrevious: () => void;
  saving: boolean;
  /** Changes when another comment is shown, resetting the selection. */
  commentKey: string;
};

/**
 * Label buttons and the keyboard annotation loop: keys toggle labels, Enter confirms, `d` dismisses the
 * remaining predictions, j/k or arrows move through the queue.
 */
export function AnnotationPanel(props: AnnotationPanelProps) {
  const { labels, predicted, onSave, onNext, onPrevious, saving, commentKey } = props;
  const [selection, setSelection] = useState<{ key: string; labels: string[] }>({
    key: commentKey,
    labels: [...props.initialSelection],
  });
  const [helpOpen, setHelpOpen] = useState(false);
  // A new comment resets the selection (derived state keyed by the comment, no effect needed).
  const selected = selection.key === commentKey ? selection.labels : [...props.initialSelection];
  if (selection.key !== commentKey) {
    setSelection({ key: commentKey, labels: selected });
  }
  const labelKeys = assignLabelKeys(labels);

  function toggle(label: string) {
    setSelection({
      key: commentKey,
      labels: selected.includes(label) ? selected.filter((l) => l !== label) : [...selected, label],
    });
  }
  function dismissRest() {
    const dismissed = [...predicted.keys()].filter((label) => !selected.includes(label));
    onSave(selected, dismissed);
  }

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (saving) {
        return;
      }
      const action = shortcutAction(event, labelKeys);
      if (action === null) {
        return;
      }
      event.preventDefault();
      switch (action.kind) {
        case 'toggle':
          toggle(action.label);
          break;
        case 'confirm':
          onSave(selected, []);
          break;
        case 'dismiss':
          dismissRest();
          break;
        case 'next':
          onNext();
          break;
        case 'previous':
          onPrevious();
          break;
        case 'help':
          setHelpOpen(true);
          break;
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  return (
    <aside className="card annotation-panel" aria-label="Annotation">
      <h2>Labels</h2>
      {labels.length === 0 && (
        <p>This dataset has no labels yet; create some on the Taxonomy page.</p>
      )}
      <div className="label-buttons">
        {labels.map((label) => {
          const key = labelKeys.get(label);
          const probability = predicted.get(label);
          return (
            <button
              key={label}
              type="button"
              aria-label={label}
              aria-pressed={selected.includes(label)}
              aria-keyshortcuts={key}
              data-label-toggle=""
              onClick={() => toggle(label)}
            >
              {key !== undefined && <span className="kbd">{key}</span>}
              {label}
              {probability !== undefined && (
                <span className="predicted-probability"> {Math.round(probability * 100)}%</span>
              )}
            </button>
          );
        })}
      </div>
      <p>
        <button type="button" onClick={() => onSave(selected, [])} disabled={saving}>
          <span className="kbd">Enter</span>Confirm labels
        </button>{' '}
        <button type="button" onClick={dismissRest} disabled={saving}>
          <span className="kbd">d</span>Dismiss predictions
        </button>
      </p>
      <p>
        <button type="button" onClick={onPrevious}>
          <span className="kbd">k</span>Previous
        </button>{' '}
        <button type="button" onClick={onNext}>
          <span className="kbd">j</span>Next
        </button>{' '}
        <button type="button" onClick={() => setHelpOpen(true)}>
          <span className="kbd">?</span>Shortcuts
        </button>
      </p>
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
    </aside>
  );
}

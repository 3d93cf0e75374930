/** Keys reserved for navigation and actions, so never given to a label. */
const RESERVED = new Set(['j', 'k', 'd', '?']);
const LABEL_KEYS = [
  ...'1234567890',
  ...'abcefghilmnopqrstuvwxyz'.split('').filter((key) => !RESERVED.has(key)),
];

export type ShortcutAction =
  | { kind: 'toggle'; label: string }
  | { kind: 'confirm' }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'dismiss' }
  | { kind: 'help' };

export type KeyInput = {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | null;
};

/** Label → key, in taxonomy order: `1`…`9`, `0`, then letters not used by other shortcuts. */
export function assignLabelKeys(labels: readonly string[]): Map<string, string> {
  const keys = new Map<string, string>();
  labels.forEach((label, index) => {
    const key = LABEL_KEYS[index];
    if (key !== undefined) {
      keys.set(label, key);
    }
  });
  return keys;
}

/** True when the key press belongs to a text field, select or editable element, not to a shortcut. */
export function isTypingTarget(target: EventTarget | null | undefined): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) {
    return false;
  }
  if (target.isContentEditable) {
    return true;
  }
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type);
  }
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** The annotation action of a key press, or null when the key is not a shortcut here. */
export function shortcutAction(
  input: KeyInput,
  labelKeys: ReadonlyMap<string, string>,
): ShortcutAction | null {
  if (input.ctrlKey === true || input.metaKey === true || input.altKey === true) {
    return null;
  }
  if (isTypingTarget(input.target)) {
    return null;
  }
  switch (input.key) {
    case 'Enter':
      // Enter on a focused button activates that button, except on a label toggle (after clicking a
      // label, Enter still confirms; Space toggles it) and on the tab already selected (after picking a
      // mode, focus stays on its tab, and re-activating it would do nothing).
      if (
        typeof HTMLButtonElement !== 'undefined' &&
        input.target instanceof HTMLButtonElement &&
        input.target.dataset.labelToggle === undefined &&
        !(
          input.target.getAttribute('role') === 'tab' &&
          input.target.getAttribute('aria-selected') === 'true'
        )
      ) {
        return null;
      }
      return { kind: 'confirm' };
    case 'j':
    case 'ArrowDown':
    case 'ArrowRight':
      return { kind: 'next' };
    case 'k':
    case 'ArrowUp':
    case 'ArrowLeft':
      return { kind: 'previous' };
    case 'd':
      return { kind: 'dismiss' };
    case '?':
      return { kind: 'help' };
    default:
      break;
  }
  const key = input.key.toLowerCase();
  for (const [label, labelKey] of labelKeys) {
    if (labelKey === key) {
      return { kind: 'toggle', label };
    }
  }
  return null;
}

export const SHORTCUT_HELP: readonly { keys: string; action: string }[] = [
  { keys: '1–9, 0, letters', action: 'Toggle the label shown next to the key' },
  { keys: 'Enter', action: 'Confirm the selected (pre-filled from predictions) labels and go on' },
  { keys: 'j / ↓ / →', action: 'Next comment' },
  { keys: 'k / ↑ / ←', action: 'Previous comment' },
  { keys: 'd', action: 'Dismiss the predicted labels not selected, save and go on' },
  { keys: '?', action: 'Show this list' },
];

import { SHORTCUT_HELP } from '../lib/keyboard-shortcuts';

type Props = { onClose: () => void };

/** The keyboard cheat-sheet (opened with `?`). */
export function ShortcutHelp({ onClose }: Props) {
  return (
    <div role="dialog" aria-modal="false" aria-labelledby="shortcut-help-title" className="card">
      <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUT_HELP.map((row) => (
            <tr key={row.keys}>
              <th scope="row">{row.keys}</th>
              <td>{row.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </div>
  );
}

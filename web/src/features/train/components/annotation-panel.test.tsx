import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { AnnotationPanel, type AnnotationPanelProps } from './annotation-panel';

function renderPanel(overrides: Partial<AnnotationPanelProps> = {}) {
  const props: AnnotationPanelProps = {
    labels: ['Billing', 'Billing > Refund', 'Delivery'],
    initialSelection: ['Delivery'],
    predicted: new Map([
      ['Delivery', 0.91],
      ['Billing', 0.3],
    ]),
    onSave: vi.fn(),
    onNext: vi.fn(),
    onPrevious: vi.fn(),
    saving: false,
    commentKey: 'c1',
    ...overrides,
  };
  const { rerender } = render(<AnnotationPanel {...props} />);
  return Object.assign(props, { rerender });
}

const pressed = (button: HTMLElement) => button.getAttribute('aria-pressed') === 'true';
const key = (k: string, target: Element | Window = window) => fireEvent.keyDown(target, { key: k });

describe('AnnotationPanel keyboard handling', () => {
  it('pre-selects the confident prediction and confirms it with Enter', () => {
    const props = renderPanel();
    expect(pressed(screen.getByRole('button', { name: 'Delivery' }))).toBe(true);
    key('Enter');
    expect(props.onSave).toHaveBeenCalledWith(['Delivery'], []);
  });

  it('toggles labels with their digit keys, in taxonomy order', () => {
    const props = renderPanel();
    key('1');
    key('2');
    key('3');
    expect(pressed(screen.getByRole('button', { name: 'Billing' }))).toBe(true);
    expect(pressed(screen.getByRole('button', { name: 'Billing > Refund' }))).toBe(true);
    expect(pressed(screen.getByRole('button', { name: 'Delivery' }))).toBe(false);
    key('Enter');
    expect(props.onSave).toHaveBeenCalledWith(['Billing', 'Billing > Refund'], []);
  });

  it('moves with j/k and the arrow keys', () => {
    const props = renderPanel();
    key('j');
    key('ArrowDown');
    key('k');
    key('ArrowLeft');
    expect(props.onNext).toHaveBeenCalledTimes(2);
    expect(props.onPrevious).toHaveBeenCalledTimes(2);
  });

  it('d saves the selection and dismisses the predictions left unselected', () => {
    const props = renderPanel();
    key('d');
    expect(props.onSave).toHaveBeenCalledWith(['Delivery'], ['Billing']);
  });

  it('ignores shortcuts typed into a text field', () => {
    const props = renderPanel();
    const input = document.createElement('input');
    document.body.append(input);
    key('1', input);
    key('j', input);
    key('Enter', input);
    input.remove();
    expect(pressed(screen.getByRole('button', { name: 'Billing' }))).toBe(false);
    expect(props.onNext).not.toHaveBeenCalled();
    expect(props.onSave).not.toHaveBeenCalled();
  });

  it('Enter on a focused label button confirms instead of toggling it again', () => {
    const props = renderPanel();
    const billing = screen.getByRole('button', { name: 'Billing' });
    fireEvent.click(billing);
    key('Enter', billing);
    expect(props.onSave).toHaveBeenCalledWith(['Delivery', 'Billing'], []);
  });

  it('Enter on the selected mode tab confirms, Enter on another button activates it', () => {
    const props = renderPanel();
    const selectedTab = document.createElement('button');
    selectedTab.setAttribute('role', 'tab');
    selectedTab.setAttribute('aria-selected', 'true');
    const otherTab = document.createElement('button');
    otherTab.setAttribute('role', 'tab');
    otherTab.setAttribute('aria-selected', 'false');
    document.body.append(selectedTab, otherTab);
    key('Enter', otherTab);
    expect(props.onSave).not.toHaveBeenCalled();
    key('Enter', selectedTab);
    expect(props.onSave).toHaveBeenCalledWith(['Delivery'], []);
    selectedTab.remove();
    otherTab.remove();
  });

  it('does nothing while a save is in flight', () => {
    const props = renderPanel({ saving: true });
    key('Enter');
    key('j');
    expect(props.onSave).not.toHaveBeenCalled();
    expect(props.onNext).not.toHaveBeenCalled();
  });

  it('resets the selection when the next comment is shown', () => {
    const props = renderPanel();
    key('1');
    props.rerender(<AnnotationPanel {...props} commentKey="c2" initialSelection={[]} />);
    expect(pressed(screen.getByRole('button', { name: 'Billing' }))).toBe(false);
  });

  it('opens the shortcut cheat-sheet with ?', () => {
    renderPanel();
    key('?');
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
  });
});

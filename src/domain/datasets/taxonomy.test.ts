import { describe, expect, it } from 'vitest';

import { AppError } from '../errors.js';

import {
  ancestorsOf,
  defaultLabelDef,
  LabelGroupEditor,
  normaliseLabelName,
  parseLabelName,
} from './taxonomy.js';

describe('label names', () => {
  it('accepts both wire forms and joins them with " > "', () => {
    expect(parseLabelName('Order > Missing', 'name')).toEqual(['Order', 'Missing']);
    expect(normaliseLabelName(['Order', 'Missing'], 'name')).toBe('Order > Missing');
    // Only " > " separates: a bare ">" is part of a part.
    expect(parseLabelName('A>B > C', 'name')).toEqual(['A>B', 'C']);
  });

  it('refuses names breaking a rule of api.md §3.9.3, naming the field', () => {
    for (const name of [
      '',
      ' A',
      'A ',
      'A >  > B',
      'A > ',
      ['A', 'B > C'],
      ['A', ''],
      'é'.repeat(257),
    ]) {
      expect(() => parseLabelName(name, 'label.name')).toThrow(AppError);
      expect(() => parseLabelName(name, 'label.name')).toThrow(/^label\.name: invalid label name/);
    }
    expect(() =>
      parseLabelName(
        Array.from({ length: 9 }, () => 'x'),
        'n',
      ),
    ).toThrow(/at most 8 parts/);
    expect(() =>
      parseLabelName(
        Array.from({ length: 8 }, () => '€'.repeat(256)),
        'n',
      ),
    ).toThrow(/bytes/);
  });

  it('lists ancestors outermost first', () => {
    expect(ancestorsOf('A > B > C')).toEqual(['A', 'A > B']);
    expect(ancestorsOf('A')).toEqual([]);
  });
});

describe('LabelGroupEditor', () => {
  const stored = ['A', 'A > B', 'C'].map(defaultLabelDef);

  it('inserts missing ancestors right before a new child and writes only what changed', () => {
    const editor = new LabelGroupEditor(stored);
    editor.add(defaultLabelDef('D > E > F'));
    editor.replace({ ...defaultLabelDef('C'), title: 'Cee' });
    expect(editor.defs().map((def) => def.name)).toEqual([
      'A',
      'A > B',
      'C',
      'D',
      'D > E',
      'D > E > F',
    ]);
    const changes = editor.changes();
    expect(changes.deletes).toEqual([]);
    expect(changes.updates.map((update) => [update.storedName, update.def.title])).toEqual([
      ['C', 'Cee'],
    ]);
    expect(changes.inserts.map((def) => [def.name, def.position])).toEqual([
      ['D', 3],
      ['D > E', 4],
      ['D > E > F', 5],
    ]);
  });

  it('renames a subtree in place and creates the new ancestors before it', () => {
    const editor = new LabelGroupEditor(stored);
    expect(editor.rename('A', 'X > Y', 'name')).toBeNull();
    expect(editor.defs().map((def) => def.name)).toEqual(['X', 'X > Y', 'X > Y > B', 'C']);
    const changes = editor.changes();
    expect(
      changes.updates.map((update) => [update.storedName, update.def.name, update.def.position]),
    ).toEqual([
      ['A', 'X > Y', 1],
      ['A > B', 'X > Y > B', 2],
      ['C', 'C', 3],
    ]);
    expect(changes.inserts.map((def) => def.name)).toEqual(['X']);
  });

  it('reports the existing name a rename would collide with', () => {
    const editor = new LabelGroupEditor([...stored, defaultLabelDef('C > B')]);
    expect(editor.rename('A', 'C', 'name')).toBe('C');
    expect(editor.defs().map((def) => def.name)).toEqual(['A', 'A > B', 'C', 'C > B']);
  });

  it('removes a label with its descendants only', () => {
    const editor = new LabelGroupEditor([...stored, defaultLabelDef('AB')]);
    expect(editor.remove('A')).toEqual(['A', 'A > B']);
    expect(editor.changes().deletes).toEqual(['A', 'A > B']);
    expect(editor.defs().map((def) => def.name)).toEqual(['C', 'AB']);
  });
});

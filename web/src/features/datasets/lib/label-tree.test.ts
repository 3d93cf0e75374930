import { describe, expect, it } from 'vitest';

import { buildLabelTree } from './label-tree';

describe('buildLabelTree', () => {
  it('nests "Parent > Child" names under their parent, sorted', () => {
    const tree = buildLabelTree(['Billing > Refund', 'Delivery', 'Billing', 'Billing > Invoice']);
    expect(tree.map((n) => n.name)).toEqual(['Billing', 'Delivery']);
    expect(tree[0]?.children.map((n) => [n.name, n.part])).toEqual([
      ['Billing > Invoice', 'Invoice'],
      ['Billing > Refund', 'Refund'],
    ]);
  });

  it('shows a child whose parent is not itself a label under a node for the parent', () => {
    const tree = buildLabelTree(['A > B > C']);
    expect(tree[0]?.name).toBe('A');
    expect(tree[0]?.children[0]?.children[0]?.name).toBe('A > B > C');
  });
});

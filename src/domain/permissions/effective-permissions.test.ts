import { describe, expect, it } from 'vitest';

import { expandGlobalPermissions, expandProjectPermissions } from './effective-permissions.js';

describe('expandProjectPermissions', () => {
  it('closes over implications transitively', () => {
    const held = expandProjectPermissions(['datasets-admin']);
    expect([...held].sort()).toEqual(
      [
        'datasets-admin',
        'datasets-export',
        'datasets-model-admin',
        'datasets-review',
        'voc',
        'voc-readonly',
      ].sort(),
    );
  });

  it('treats streams-* like triggers-*', () => {
    expect(expandProjectPermissions(['streams-admin']).has('triggers-consume')).toBe(true);
    expect(expandProjectPermissions(['streams-read']).has('triggers-read')).toBe(true);
  });

  it('expands role bundles', () => {
    expect(expandProjectPermissions(['role-cm-model-trainer']).has('voc')).toBe(true);
    expect(expandProjectPermissions(['role-cm-model-trainer']).has('sources-admin')).toBe(false);
    expect(expandProjectPermissions(['role-cm-project-admin']).has('buckets-write')).toBe(true);
    expect(expandProjectPermissions(['role-cm-viewer']).has('sources-add-comments')).toBe(false);
  });

  it('keeps unknown strings without granting anything', () => {
    expect([...expandProjectPermissions(['files-write'])]).toEqual(['files-write']);
  });
});

describe('expandGlobalPermissions', () => {
  it('maps role-cm-tenant-admin to tenant-admin', () => {
    expect(expandGlobalPermissions(['role-cm-tenant-admin']).has('tenant-admin')).toBe(true);
  });
});

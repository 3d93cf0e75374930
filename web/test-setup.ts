import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library unmounts automatically only with vitest globals, which this repository does not use.
afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

// Recharts' ResponsiveContainer needs ResizeObserver, which jsdom lacks.
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoopResizeObserver;

// jsdom lays nothing out (every box is 0×0); give chart containers a size so Recharts renders them.
const layoutBox = { x: 0, y: 0, top: 0, left: 0, right: 640, bottom: 320, width: 640, height: 320 };
HTMLElement.prototype.getBoundingClientRect = function getBoundingClientRect(): DOMRect {
  return { ...layoutBox, toJSON: () => layoutBox };
};

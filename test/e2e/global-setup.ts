import { buildWebIfStale } from '../../scripts/build-web-if-stale.js';

// The e2e suite tests the UI as `npm start` serves it: build web/dist first when missing or stale.
export default function setup(): void {
  buildWebIfStale();
}

import { Loading } from './ui/loading';

/** Shown while a code-split page loads. */
export function PageFallback() {
  return (
    <main>
      <Loading label="Loading page…" />
    </main>
  );
}

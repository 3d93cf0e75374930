type Props = { label?: string };

/** A polite loading indicator announced to screen readers. */
export function Loading({ label = 'Loading…' }: Props) {
  return (
    <p className="loading" aria-live="polite" aria-busy="true">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

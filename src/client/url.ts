export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/**
 * One path segment, percent-encoded (`/` → `%2F`, space → `%20`, `%` → `%25`). `:` stays readable because
 * the `id:<hex>` form is written with a literal colon (api.md §3.2); a segment that is exactly `.` or `..`
 * is encoded so that no URL layer treats it as a dot segment.
 */
export function encodeSegment(value: string): string {
  if (value === '.' || value === '..') {
    return value.replaceAll('.', '%2E');
  }
  return encodeURIComponent(value).replaceAll('%3A', ':');
}

/**
 * Fills a route template (`/api/v1/sources/:project/:name`) with encoded parameters. A parameter value
 * holding `owner/name` is still one encoded segment; callers pass owner and name separately.
 */
export function fillPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) {
        return part;
      }
      const value = params[part.slice(1)];
      if (value === undefined) {
        throw new Error(`missing path parameter '${part.slice(1)}' for ${template}`);
      }
      return encodeSegment(value);
    })
    .join('/');
}

export function queryString(query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The base URL (which may carry a path prefix such as `/org/tenant/reinfer_`) followed by an
 * already-encoded path. Built by concatenation, not `new URL(path, base)`, so encoded segments are sent
 * exactly as written.
 */
export function joinUrl(baseUrl: string, encodedPath: string, query: Query = {}): string {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  const path = encodedPath.startsWith('/') ? encodedPath : `/${encodedPath}`;
  return `${base}${path}${queryString(query)}`;
}

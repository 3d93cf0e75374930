// api.md §3.2: the official CLI sends `owner/name` as one encoded segment (`acme%2Finbox`); scripts send
// two segments. Normalising before routing lets every route be declared once, in two-segment form.
const COLLECTION_PREFIXES: readonly (readonly string[])[] = [
  ['api', 'v1', 'sources'],
  ['api', 'v1', 'datasets'],
  ['api', '_private', 'sources'],
  ['api', '_private', 'datasets'],
  ['api', 'preview', 'datasets'],
  ['api', '_private', 'buckets'],
  ['api', '_private', 'integrations'],
  ['api', '_private', 'bucket-sync-state'],
  ['api', '_private', 'dashboards'],
  ['api', '_private', 'alerts'],
  ['api', '_private', 'appliance-configs'],
  ['api', '_private', 'ixp', 'projects'],
];

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Strips the base path, drops empty segments (`//`, trailing `/`) and splits an encoded `owner/name`
 * segment after a collection prefix into two segments. A segment decoding to more than one `/` is left
 * whole: the name check then answers 400.
 */
export function makeRewriteUrl(basePath: string): (rawUrl: string) => string {
  return (rawUrl) => {
    const queryStart = rawUrl.indexOf('?');
    let path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const query = queryStart === -1 ? '' : rawUrl.slice(queryStart);
    if (basePath !== '') {
      if (path !== basePath && !path.startsWith(`${basePath}/`)) {
        return `/__outside_base_path${query}`;
      }
      path = path.slice(basePath.length);
    }
    const segments = path.split('/').filter((segment) => segment !== '');
    for (const prefix of COLLECTION_PREFIXES) {
      if (
        prefix.length < segments.length &&
        prefix.every((part, index) => segments[index] === part)
      ) {
        const target = segments[prefix.length]!;
        const decoded = safeDecode(target);
        if (decoded !== null && decoded.split('/').length === 2) {
          const [owner, name] = decoded.split('/') as [string, string];
          if (owner !== '' && name !== '') {
            segments.splice(prefix.length, 1, encodeURIComponent(owner), encodeURIComponent(name));
          }
        }
        break;
      }
    }
    // The official CLI encodes the literal segment `keyed-sync-states/` as `keyed-sync-states%2F`.
    const last = segments.length - 1;
    if (last >= 0 && segments[last]!.toLowerCase() === 'keyed-sync-states%2f') {
      segments[last] = 'keyed-sync-states';
    }
    return `/${segments.join('/')}${query}`;
  };
}

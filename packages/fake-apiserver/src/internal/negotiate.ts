// Response formats, negotiated from the Accept header as kube-apiserver does: plain JSON, a
// meta.k8s.io Table (kubectl get asks for one first), or PartialObjectMetadata (metadata-only
// clients and informers). Each server's `Views` (object-view.ts) writes them.
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
}

function parseAccept(accept: string): MediaRange[] {
  return accept.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';').map((s) => s.trim());
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
    }
    return { type: type.toLowerCase(), params };
  });
}

export type Format =
  | { readonly as: 'json' }
  | { readonly as: 'table' }
  | { readonly as: 'metadata'; readonly version: 'v1' | 'v1beta1' };

/** The first format in the Accept header this server can produce (plain JSON when none is). */
export function negotiateFormat(accept: string | undefined): Format {
  if (accept === undefined) return { as: 'json' };
  for (const range of parseAccept(accept)) {
    if (range.type !== 'application/json' && range.type !== '*/*' && range.type !== 'application/*') continue;
    const as = range.params.get('as');
    if (as === undefined) return { as: 'json' };
    if ((range.params.get('g') ?? 'meta.k8s.io') !== 'meta.k8s.io') continue;
    const version = range.params.get('v') ?? 'v1';
    if (version !== 'v1' && version !== 'v1beta1') continue;
    if (as === 'Table') return { as: 'table' };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { as: 'metadata', version };
  }
  return { as: 'json' };
}

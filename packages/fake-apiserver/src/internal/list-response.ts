// List bodies: the list envelope around the stored encodings of the items, concatenated without
// re-encoding anything (or a Table, when negotiated). Protobuf views make their own envelope
// around their per-item encodings.
import type { ServerResponse } from 'node:http';
import type { KindInfo } from './kinds.js';
import type { ListPage } from './list.js';
import type { ObjectView } from './object-view.js';
import { sendBytes, sendParts } from './respond.js';
import { at } from './at.js';
import { kindHasProtobuf } from './protobuf-wire.js';
import { typeMetaLength } from './wire-shapes.js';

const COMMA = Buffer.from(',');
const TAIL = Buffer.from(']}');
const OPEN_BRACE = Buffer.from('{');
/** Bodies above this are written as their parts (no copy); smaller ones as one buffer. */
const SINGLE_BUFFER_LIMIT = 256 * 1024;

function listMeta(page: ListPage): { resourceVersion: string; continue?: string; remainingItemCount?: number } {
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(page.rv) };
  if (page.continueToken !== undefined) meta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  return meta;
}

export async function sendList(res: ServerResponse, kind: KindInfo, view: ObjectView, page: ListPage): Promise<void> {
  if (view.encodeTable !== undefined) {
    sendBytes(res, 200, view.encodeTable(page.items, listMeta(page)), view.contentType);
    return;
  }
  const envelope = view.list ?? { kind: kind.listKind, apiVersion: kind.apiVersion, contentType: view.contentType };
  if (view.encodeList !== undefined) {
    const { parts, total } = view.encodeList(page.items, listMeta(page));
    if (total <= SINGLE_BUFFER_LIMIT) sendBytes(res, 200, Buffer.concat(parts, total), envelope.contentType);
    else await sendParts(res, 200, parts, total, envelope.contentType);
    return;
  }
  if (view.list !== undefined && page.items.length === 0) {
    // kube-apiserver writes an empty PartialObjectMetadataList's items as null.
    sendBytes(res, 200, Buffer.from(
      `{"kind":${JSON.stringify(envelope.kind)},"apiVersion":${JSON.stringify(envelope.apiVersion)},"metadata":${JSON.stringify(listMeta(page))},"items":null}`,
    ), envelope.contentType);
    return;
  }
  // Items of a built-in kind's own list carry no kind and apiVersion (the list's say them), as
  // kube-apiserver writes typed lists; custom resources (unstructured) and PartialObjectMetadata
  // items keep theirs.
  const stripTypeMeta = view.list === undefined && kindHasProtobuf(kind);
  const head = Buffer.from(
    `{"kind":${JSON.stringify(envelope.kind)},"apiVersion":${JSON.stringify(envelope.apiVersion)},"metadata":${JSON.stringify(listMeta(page))},"items":[`,
  );
  const parts: Buffer[] = new Array<Buffer>(page.items.length * 3 + 1);
  parts[0] = head;
  let total = head.length + TAIL.length;
  let n = 1;
  for (let i = 0; i < page.items.length; i++) {
    if (i > 0) {
      parts[n++] = COMMA;
      total += 1;
    }
    const bytes = view.encode(at(page.items, i));
    const cut = stripTypeMeta ? typeMetaLength(bytes) : 0;
    if (cut > 0) {
      parts[n++] = OPEN_BRACE;
      parts[n++] = bytes.subarray(cut);
      total += 1 + bytes.length - cut;
    } else {
      parts[n++] = bytes;
      total += bytes.length;
    }
  }
  parts[n++] = TAIL;
  parts.length = n;
  if (total <= SINGLE_BUFFER_LIMIT) {
    sendBytes(res, 200, Buffer.concat(parts, total), envelope.contentType);
  } else {
    await sendParts(res, 200, parts, total, envelope.contentType);
  }
}

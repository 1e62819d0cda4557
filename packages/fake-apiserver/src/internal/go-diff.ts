// The text of k8s.io/apimachinery's diff.Diff as field errors quote it: both values as JSON
// indented by one space, compared line by line as go-difflib's unified diff does (Python
// difflib's matching, three lines of context, no file header).

/** difflib's find_longest_match without junk: the longest common run, earliest in a, then in b. */
function longestMatch(a: readonly string[], b: readonly string[], alo: number, ahi: number, blo: number, bhi: number): [number, number, number] {
  const b2j = new Map<string, number[]>();
  b.forEach((line, j) => {
    const list = b2j.get(line);
    if (list === undefined) b2j.set(line, [j]);
    else list.push(j);
  });
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (const j of b2j.get(a[i] ?? '') ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestsize) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestsize = k;
      }
    }
    j2len = next;
  }
  return [besti, bestj, bestsize];
}

type Opcode = [tag: 'equal' | 'replace' | 'delete' | 'insert', i1: number, i2: number, j1: number, j2: number];

function opcodes(a: readonly string[], b: readonly string[]): Opcode[] {
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  const blocks: [number, number, number][] = [];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop() ?? [0, 0, 0, 0];
    const [i, j, k] = longestMatch(a, b, alo, ahi, blo, bhi);
    if (k === 0) continue;
    blocks.push([i, j, k]);
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: [number, number, number][] = [];
  for (const block of blocks) {
    const last = merged.at(-1);
    if (last !== undefined && last[0] + last[2] === block[0] && last[1] + last[2] === block[1]) last[2] += block[2];
    else merged.push([...block]);
  }
  merged.push([a.length, b.length, 0]);
  const codes: Opcode[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj, size] of merged) {
    const tag = i < ai && j < bj ? 'replace' : i < ai ? 'delete' : j < bj ? 'insert' : undefined;
    if (tag !== undefined) codes.push([tag, i, ai, j, bj]);
    i = ai + size;
    j = bj + size;
    if (size > 0) codes.push(['equal', ai, i, bj, j]);
  }
  return codes;
}

function groups(codes: Opcode[], n: number): Opcode[][] {
  if (codes.length === 0) codes = [['equal', 0, 1, 0, 1]];
  const first = codes[0];
  if (first?.[0] === 'equal') codes[0] = ['equal', Math.max(first[1], first[2] - n), first[2], Math.max(first[3], first[4] - n), first[4]];
  const last = codes.at(-1);
  if (last?.[0] === 'equal') codes[codes.length - 1] = ['equal', last[1], Math.min(last[2], last[1] + n), last[3], Math.min(last[4], last[3] + n)];
  const out: Opcode[][] = [];
  let group: Opcode[] = [];
  for (const code of codes) {
    const [tag, , i2, , j2] = code;
    let [, i1, , j1] = code;
    if (tag === 'equal' && i2 - i1 > 2 * n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)]);
      out.push(group);
      group = [];
      i1 = Math.max(i1, i2 - n);
      j1 = Math.max(j1, j2 - n);
    }
    group.push([tag, i1, i2, j1, j2]);
  }
  if (group.length > 0 && !(group.length === 1 && group[0]?.[0] === 'equal')) out.push(group);
  return out;
}

function range(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length === 0 ? start : start + 1},${length}`;
}

/**
 * A unified diff of two texts by lines, three lines of context, as go-difflib writes it.
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function unifiedDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let out = '';
  for (const group of groups(opcodes(a, b), 3)) {
    const first = group[0];
    const last = group.at(-1);
    if (first === undefined || last === undefined) continue;
    out += `@@ -${range(first[1], last[2])} +${range(first[3], last[4])} @@\n`;
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') for (const line of a.slice(i1, i2)) out += ` ${line}\n`;
      if (tag === 'replace' || tag === 'delete') for (const line of a.slice(i1, i2)) out += `-${line}\n`;
      if (tag === 'replace' || tag === 'insert') for (const line of b.slice(j1, j2)) out += `+${line}\n`;
    }
  }
  return out;
}

/**
 * Go's JSON of a value, indented by one space (json.MarshalIndent escapes <, > and &).
 *
 * @internal exported for its unit tests; not part of the package API
 */
export function goIndentedJson(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** diff.Diff of two values: their indented JSON compared by lines. */
export function objectDiff(before: unknown, after: unknown): string {
  return unifiedDiff(goIndentedJson(before), goIndentedJson(after));
}

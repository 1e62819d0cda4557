// @kcache/listwatch's watch decoder against a hand-written floor, on a stream of realistic pod
// events (about 4 KB each, 100 000 by default) cut into 16–64 KB chunks as a socket delivers them.
//
//   pnpm --filter @kcache/bench bench:decoder
//   KCACHE_BENCH_EVENTS=20000 KCACHE_BENCH_ROUNDS=3 pnpm --filter @kcache/bench bench:decoder   (quicker)
//
// The floor is the least work that turns the same bytes into the same objects: find each newline,
// JSON.parse the line, nothing else — no validation, no error offsets, no async iteration per
// event. Two floors are timed (bytes split with Buffer.indexOf, and text split after a streaming
// TextDecoder); the ratio is against the faster one. Both sides read the same chunks from the same
// source, which gives the event loop one turn per chunk, as socket reads do. Runs alternate
// (a, b, b, a, …) and the median is reported.
//
// The longest event-loop stall is measured with a 1 ms interval timer while each side runs: the
// longest gap between its ticks (counting the gap up to the end of the run, which a histogram of
// timer delays misses when the loop never turns), in wall time and in CPU time of this thread (on
// a busy machine the wall gap includes time the OS gave to other processes), once with the socket-like source and once with an in-memory source that hands every chunk
// over at once (the worst case: nothing but the decoder gives the event loop a turn).
import { loadavg } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { decodeWatchEvents } from '@kcache/listwatch';
import { makePod } from './fixtures/pods.js';
import { writeBenchResult } from './internal/aggregate-protocol.js';
import { formatRatio, formatTable, machineSummary } from './internal/report.js';

const N = Number(process.env.KCACHE_BENCH_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.KCACHE_BENCH_ROUNDS ?? 5);
const RATIO_TARGET = 0.9;
const STALL_TARGET_MS = 50;
const collectGarbage: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

// ---------------------------------------------------------------- the stream

function buildStream(n: number): Buffer {
  const types = ['MODIFIED', 'MODIFIED', 'MODIFIED', 'ADDED', 'DELETED'];
  const lines: Buffer[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const line = Buffer.from(`${JSON.stringify({ type: types[i % types.length], object: makePod(i, { resourceVersion: String(2_000_000 + i) }) })}\n`);
    lines.push(line);
    bytes += line.length;
  }
  return Buffer.concat(lines, bytes);
}

/** Cuts the stream into chunks of 16–64 KB (seeded, so every run sees the same cuts). */
function cut(stream: Buffer, seed: number): Buffer[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; ) {
    const size = 16 * 1024 + Math.floor(random() * 48 * 1024);
    chunks.push(stream.subarray(at, Math.min(stream.length, at + size)));
    at += size;
  }
  return chunks;
}

/** Hands over one chunk per event-loop turn, as socket reads do. */
async function* socketLike(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    await nextTurn();
    yield chunk;
  }
}

/** Hands over every chunk at once: only promise jobs in between, no event-loop turn. */
async function* inMemory(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield chunk;
}

// ---------------------------------------------------------------- the contenders

type Consume = (source: AsyncIterable<Buffer>) => Promise<number>;

interface Parsed {
  type: string;
  object: { metadata: { resourceVersion: string } };
}

let sink = 0; // keeps results observable so nothing is optimised away

const kcache: Consume = async (source) => {
  let count = 0;
  for await (const event of decodeWatchEvents<Parsed['object']>(source)) {
    sink ^= event.type.length;
    count++;
  }
  return count;
};

const floorBytes: Consume = async (source) => {
  let count = 0;
  let pending: Buffer | undefined;
  for await (const chunk of source) {
    const buf = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    pending = undefined;
    let start = 0;
    let nl = buf.indexOf(10, start);
    while (nl !== -1) {
      const event = JSON.parse(buf.toString('utf8', start, nl)) as Parsed;
      sink ^= event.type.length;
      count++;
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    if (start < buf.length) pending = buf.subarray(start);
  }
  if (pending !== undefined && pending.length > 0) {
    const event = JSON.parse(pending.toString('utf8')) as Parsed;
    sink ^= event.type.length;
    count++;
  }
  return count;
};

const floorText: Consume = async (source) => {
  const decoder = new TextDecoder();
  let count = 0;
  let text = '';
  for await (const chunk of source) {
    text += decoder.decode(chunk, { stream: true });
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      const event = JSON.parse(text.slice(start, nl)) as Parsed;
      sink ^= event.type.length;
      count++;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    text = text.slice(start);
  }
  text += decoder.decode();
  if (text.length > 0) {
    const event = JSON.parse(text) as Parsed;
    sink ^= event.type.length;
    count++;
  }
  return count;
};

// ---------------------------------------------------------------- timing

interface Run {
  ms: number;
  cpuMs: number;
  maxStallMs: number;
  maxCpuStallMs: number;
}

function threadCpuMs(): number {
  const usage = process.threadCpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function timeOnce(consume: Consume, source: AsyncIterable<Buffer>, expected: number): Promise<Run> {
  collectGarbage?.();
  await nextTurn();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // Between two ticks of a 1 ms timer: the wall time, and the CPU time this thread ran. The first
  // includes time the OS gave to other processes; the second is the stall the code itself caused.
  let lastTick = t0;
  let lastThreadCpu = threadCpuMs();
  let maxGap = 0;
  let maxCpuGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const threadCpu = threadCpuMs();
    maxGap = Math.max(maxGap, now - lastTick);
    maxCpuGap = Math.max(maxCpuGap, threadCpu - lastThreadCpu);
    lastTick = now;
    lastThreadCpu = threadCpu;
  }, 1);
  const count = await consume(source);
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  const ms = end - t0;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (count !== expected) throw new Error(`decoded ${String(count)} events, expected ${String(expected)}`);
  return {
    ms,
    cpuMs,
    maxStallMs: Math.max(maxGap, end - lastTick),
    maxCpuStallMs: Math.max(maxCpuGap, threadCpuMs() - lastThreadCpu),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  console.log(`machine: ${machineSummary()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const stream = buildStream(N);
  const chunks = cut(stream, 7);
  const mb = stream.length / 1e6;
  console.log(`stream: ${String(N)} events, ${mb.toFixed(1)} MB (${(stream.length / N / 1024).toFixed(2)} KB/event), ${String(chunks.length)} chunks of 16–64 KB`);

  const KCACHE = 'kcache decodeWatchEvents';
  const FLOOR_BYTES = 'floor: Buffer.indexOf + JSON.parse';
  const FLOOR_TEXT = 'floor: TextDecoder + split + JSON.parse';
  const contenders: [string, Consume][] = [
    [KCACHE, kcache],
    [FLOOR_BYTES, floorBytes],
    [FLOOR_TEXT, floorText],
  ];
  const times = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const cpuTimes = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const stalls = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const cpuStalls = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  for (const [, consume] of contenders) await timeOnce(consume, socketLike(chunks), N); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? contenders : [...contenders].reverse();
    for (const [name, consume] of order) {
      const run = await timeOnce(consume, socketLike(chunks), N);
      times.get(name)?.push(run.ms);
      cpuTimes.get(name)?.push(run.cpuMs);
      stalls.get(name)?.push(run.maxStallMs);
      cpuStalls.get(name)?.push(run.maxCpuStallMs);
    }
  }
  // Worst case for stalls: everything already in memory.
  const burstStall = new Map<string, number>();
  const burstCpuStall = new Map<string, number>();
  for (const [name, consume] of contenders) {
    const run = await timeOnce(consume, inMemory(chunks), N);
    burstStall.set(name, run.maxStallMs);
    burstCpuStall.set(name, run.maxCpuStallMs);
  }

  const fastestFloor = (m: Map<string, number[]>): number => Math.min(median(m.get(FLOOR_BYTES) ?? []), median(m.get(FLOOR_TEXT) ?? []));
  const floorMs = fastestFloor(times);
  const floorCpuMs = fastestFloor(cpuTimes);
  const rows: string[][] = [
    ['decoder', 'wall (median)', 'events/s', 'MB/s', 'vs floor', 'CPU (median)', 'vs floor (CPU)', 'max stall, socket-like (wall / CPU)', 'max stall, in-memory (wall / CPU)'],
  ];
  for (const [name] of contenders) {
    const ms = median(times.get(name) ?? []);
    const cpuMs = median(cpuTimes.get(name) ?? []);
    rows.push([
      name,
      `${ms.toFixed(0)} ms`,
      Math.round(N / (ms / 1000)).toLocaleString('en-US'),
      (mb / (ms / 1000)).toFixed(0),
      formatRatio(floorMs / ms),
      `${cpuMs.toFixed(0)} ms`,
      formatRatio(floorCpuMs / cpuMs),
      `${Math.max(...(stalls.get(name) ?? [])).toFixed(1)} / ${Math.max(...(cpuStalls.get(name) ?? [])).toFixed(1)} ms`,
      `${(burstStall.get(name) ?? Number.NaN).toFixed(1)} / ${(burstCpuStall.get(name) ?? Number.NaN).toFixed(1)} ms`,
    ]);
  }
  console.log(`\n${formatTable(rows)}\n`);
  const ratio = floorMs / median(times.get(KCACHE) ?? []);
  const cpuRatio = floorCpuMs / median(cpuTimes.get(KCACHE) ?? []);
  const stall = Math.max(...(stalls.get(KCACHE) ?? []), burstStall.get(KCACHE) ?? 0);
  const cpuStall = Math.max(...(cpuStalls.get(KCACHE) ?? []), burstCpuStall.get(KCACHE) ?? 0);
  const verdict = (ok: boolean): string => (ok ? 'OK' : 'MISSED');
  console.log(`throughput vs the faster floor: ${formatRatio(ratio)} wall, ${formatRatio(cpuRatio)} CPU time (target ≥ ${String(RATIO_TARGET)}) ${verdict(ratio >= RATIO_TARGET)}`);
  console.log(
    `longest event-loop stall while decoding: ${stall.toFixed(1)} ms wall, ${cpuStall.toFixed(1)} ms of it running (target ≤ ${String(STALL_TARGET_MS)} ms) ${verdict(stall <= STALL_TARGET_MS)}`,
  );
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes on the machine stretch wall times and stalls, not CPU time)`);
  console.log(`(rounds: ${String(ROUNDS)}, sink ${String(sink)})`);
  const eventsPerSecond = (ms: number): number => Math.round(N / (ms / 1000));
  writeBenchResult({
    name: 'decoder',
    title: 'watch decoder vs a hand-written split + JSON.parse floor',
    params: { events: N, megabytes: Math.round(mb), chunks: chunks.length, rounds: ROUNDS },
    rows: [
      {
        case: 'decode (wall)',
        unit: 'events/s',
        values: { kcache: eventsPerSecond(median(times.get(KCACHE) ?? [])), floor: eventsPerSecond(floorMs) },
        ratio: { label: 'kcache / floor', value: ratio, better: 'higher', target: RATIO_TARGET },
      },
      {
        case: 'decode (CPU time)',
        unit: 'events/s',
        values: { kcache: eventsPerSecond(median(cpuTimes.get(KCACHE) ?? [])), floor: eventsPerSecond(floorCpuMs) },
        ratio: { label: 'kcache / floor', value: cpuRatio, better: 'higher', target: RATIO_TARGET },
      },
      {
        case: 'longest event-loop stall',
        unit: 'ms',
        values: {
          'kcache, socket-like': Math.max(...(stalls.get(KCACHE) ?? [])),
          'kcache, in-memory': burstStall.get(KCACHE) ?? Number.NaN,
          'kcache, running (CPU)': cpuStall,
          'floor, in-memory': Math.min(burstStall.get(FLOOR_BYTES) ?? Number.NaN, burstStall.get(FLOOR_TEXT) ?? Number.NaN),
        },
      },
    ],
    notes: [`longest stall ${stall.toFixed(1)} ms wall, ${cpuStall.toFixed(1)} ms CPU (target ≤ ${String(STALL_TARGET_MS)} ms)`, `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`],
  });
}

await main();

/** A run of an executable. */
export interface BinRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin` with `args` on the current Node.js made to report `version` (the check reads `process.versions.node`). */
export declare function runBinAsNode(bin: string, version: string, args?: string[]): BinRun;

/** A real Node.js older than the minimum on this machine (Debian's `/usr/bin/node` on the CI machines), if any. */
export declare function olderNodeOnMachine(): string | undefined;

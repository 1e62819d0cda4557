/** One fenced ```ts block of a README. */
export interface ReadmeBlock {
  /** The code, without the fences. */
  code: string;
  /** 1-based line of the README on which the code starts (the line after the opening fence). */
  line: number;
}

/** The fenced ```ts blocks of a Markdown file, in order. */
export declare function readmeBlocks(readmePath: string): ReadmeBlock[];

export interface TypecheckReadmeOptions {
  /** The README to check. */
  readme: string;
  /**
   * The package directory the blocks are compiled from: their imports resolve as they would in a
   * project there (the package's own name through its `exports`, its dependencies through node_modules).
   */
  packageDir: string;
}

/**
 * Compiles every ```ts block of `readme` as its own module with `tsc` in strict mode (module
 * NodeNext), against the packages as built (`dist/*.d.ts` through each package's `exports`).
 * Resolves with the diagnostics, each located at its README line, or `''` when every block compiles.
 */
export declare function typecheckReadme(options: TypecheckReadmeOptions): Promise<string>;

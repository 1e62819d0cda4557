/** The oldest Node.js the kcache packages support (their `engines.node`). */
export declare const MINIMUM_NODE_VERSION: '22.19.0';

/**
 * One line of advice when `version` is older than {@link MINIMUM_NODE_VERSION}, else `undefined`.
 * @param program the executable's name, for the message
 * @param version a Node.js version such as `20.20.2` (default: the running one)
 */
export declare function nodeVersionProblem(program: string, version?: string): string | undefined;

export { startConfigHashController, CONFIG_MAP_INDEX } from './config-hash-controller.js';
export type { ConfigHashController, ConfigHashControllerOptions, ConfigHashEvent, LeaderElectionSettings } from './config-hash-controller.js';
export { CONFIG_HASH_ANNOTATION, configHash, configMapContentHash } from './config-hash.js';
export { configMapNames } from './config-map-refs.js';
export { runMain } from './run-main.js';

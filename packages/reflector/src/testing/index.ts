export { createScriptedListerWatcher } from './scripted-lister-watcher.js';
export type {
  ListScript,
  ScriptedCall,
  ScriptedListerWatcher,
  ScriptedListerWatcherOptions,
  StreamStep,
  WatchScript,
} from './scripted-lister-watcher.js';
export { ScriptedWatchStream } from './scripted-watch-stream.js';

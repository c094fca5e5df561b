/** The annotation keys under which Fn Studio keeps its own per-function settings (Fn's API stores any annotation, so the fn CLI and an Fn server accept these functions unchanged). */

/** Every key Fn Studio reads starts with this prefix; Fn ignores annotations it does not know. */
export const STUDIO_ANNOTATION_PREFIX = 'fnstudio.io/fn/';

export const FN_ANNOTATIONS = {
  /** Source folder with a Dockerfile that the function's image is built from (Build button, watch). */
  sourceFolder: 'fnstudio.io/fn/source-folder',
  /** true while the folder is watched and rebuilt on change. */
  watch: 'fnstudio.io/fn/watch',
  /** Debug mode: { port, init_timeout?, timeout? }; absent or null = off. */
  debug: 'fnstudio.io/fn/debug',
  /** CPU limit in CPUs (e.g. 0.5), given to Docker as NanoCPUs. */
  cpus: 'fnstudio.io/fn/cpus',
  /** Most calls of the function running at once; more wait in the queue. */
  maxConcurrency: 'fnstudio.io/fn/max-concurrency',
  /** Containers kept started and never reaped by the idle timeout. */
  minWarm: 'fnstudio.io/fn/min-warm',
} as const;

// What a function's watch is doing: the folder it follows, whether a rebuild runs, and how the last one went.

/**
 * `watching`: waiting for a change (the last build, if any, succeeded); `building`: a rebuild runs; `failed`: the last
 * build failed and the image from before keeps serving; `unavailable`: the folder cannot be watched (see `error`);
 * `off`: the watch stopped (turned off, or the function deleted): sent once, then the function has no watch.
 */
export type WatchState = 'watching' | 'building' | 'failed' | 'unavailable' | 'off';

export interface WatchBuild {
  ok: boolean;
  started_at: string;
  /** The build's own time, from the request to the engine until the image is tagged. */
  duration_ms: number;
  /** Why it failed, in the engine's words (the Dockerfile's error). */
  error?: string;
  /** The image ID the tag points to after a good build. */
  image_id?: string;
}

export interface WatchStatus {
  fn_id: string;
  folder: string;
  /** The tag each build writes: the function's image. */
  image: string;
  state: WatchState;
  /** Builds ended since the watch began (good or not), so a new result can be told from an old one. */
  builds: number;
  /** A change came while a build ran: one more build follows it. */
  queued: boolean;
  last_build?: WatchBuild;
  /** Why the folder cannot be watched (state `unavailable`). */
  error?: string;
}

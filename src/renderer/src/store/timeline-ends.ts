// How the timeline names each way a container can end: a short legend label and a sentence for the marker's
// accessible name. A Record, so a new end reason in the models fails the typecheck until it is named here.
import type { ContainerEndReason } from '../../../shared/models';

export interface EndReasonWords {
  /** The legend's label. */
  short: string;
  /** The marker's title and accessible name. */
  words: string;
}

export const END_REASONS: Record<ContainerEndReason, EndReasonWords> = {
  idle_timeout: {
    short: 'idle timeout',
    words: 'Idle timeout: no call came within the idle timeout',
  },
  evicted: {
    short: 'evicted',
    words: "Evicted: its memory was needed for another function's container",
  },
  oom: {
    short: 'out of memory',
    words: 'Out of memory: the container was killed for exceeding its memory limit',
  },
  exited: { short: 'exited', words: 'Exited: the function process exited or crashed' },
  replaced: {
    short: 'replaced',
    words: 'Replaced: a failed call (timeout, bad reply, cancel) made it untrustworthy',
  },
  config_changed: {
    short: 'config changed',
    words: 'Config changed: the function or its app was updated or deleted',
  },
  image_rebuilt: {
    short: 'image rebuilt',
    words: 'Replaced: image rebuilt. Its image name now points to a newer image, which later calls run',
  },
  failed_to_start: { short: 'failed to start', words: 'Failed to start' },
  shutdown: { short: 'shutdown', words: 'Shutdown: the host stopped' },
  done: { short: 'done (cold)', words: 'Done: a cold container after its one call' },
};

/** Legend order: the reasons users look for first (the product's idle timeout, eviction, OOM) lead. */
export const END_REASON_ORDER = Object.keys(END_REASONS) as ContainerEndReason[];

/** The end marker's accessible name; an ended container without a reason still says it ended. */
export const endMarkerName = (reason: ContainerEndReason | undefined): string =>
  reason ? `Container ended. ${END_REASONS[reason].words}` : 'Container ended';

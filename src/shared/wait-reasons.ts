// What a waiting call waits for, in words: one place for the Calls table, the call detail and the composer.
import type { WaitReason } from './models';

const WAIT_TEXT: Record<WaitReason, { short: string; sentence: string; now: string; before: string }> = {
  memory: {
    short: 'memory',
    now: 'Waiting for memory',
    before: 'Waited for memory',
    sentence: 'Waiting for memory: the pool is full until a container is removed or a call ends.',
  },
  launch: {
    short: 'a container starting',
    now: 'Waiting for a container being started',
    before: 'Waited for a container to start',
    sentence: 'Waiting for a container of this function that is being started.',
  },
  container: {
    short: 'a busy container',
    now: 'Waiting for a busy container',
    before: 'Waited for a busy container',
    sentence: 'Waiting for a busy container of this function to finish its call.',
  },
  detached_rule: {
    short: 'the detached rule',
    now: 'Detached rule: runs when half the pool is free',
    before: 'Waited for half the pool to be free',
    sentence: 'Queued: detached calls run while at least half of the memory pool is free.',
  },
  concurrency: {
    short: 'the concurrency cap',
    now: 'Waiting at the concurrency cap',
    before: 'Waited at the concurrency cap',
    sentence:
      'Waiting at the concurrency cap: this function already runs as many calls as its cap allows, so this call waits in the queue until one of them ends.',
  },
};

/** A few words for a table cell, e.g. "memory", "a container starting". */
export const waitShort = (r: WaitReason): string => WAIT_TEXT[r].short;
/** A sentence for a detail view or a composer. */
export const waitSentence = (r: WaitReason): string => WAIT_TEXT[r].sentence;
/** A table cell for a call waiting now, e.g. "Waiting for memory". */
export const waitingNow = (r: WaitReason): string => WAIT_TEXT[r].now;
/** A table cell for a call that ran, e.g. "Waited for a busy container". */
export const waitedBefore = (r: WaitReason): string => WAIT_TEXT[r].before;

// The image ID each image name points to, for dispatch: cached by name and looked at again when the engine reports
// an image event (a rebuilt tag moves to a new ID); while those events cannot be had, a cached ID is trusted only
// briefly, so a call inspects at most once per name in that time.
import type { Clock } from './clock';
import type { ContainerDriver, ImageWatch, PullProgress } from './driver';

/** How long a cached ID is trusted while the engine's image events are not followed. */
export const TRUST_WITHOUT_EVENTS_MS = 1000;
/** How soon a lost event stream is asked for again, doubling up to the most. */
const RETRY_FIRST_MS = 1000;
const RETRY_MOST_MS = 30_000;

/** A name that now points to another image. */
export interface ImageMove {
  image: string;
  from: string;
  to: string;
}

/** Why a call waiting for a container of an image's old ID was let go: it is dispatched again, to the new one. */
export class ImageMoved extends Error {
  constructor(move: ImageMove) {
    super(`${move.image} now names another image (${move.to.slice(0, 19)})`);
    this.name = 'ImageMoved';
  }
}

interface Entry {
  /** The last ID seen for the name (kept when the name was found gone, to tell a later move). */
  id: string;
  /** False once a look found the name gone, or an image event may have moved it. */
  valid: boolean;
  /** When the look that found it began. */
  checkedAt: number;
  /** Which look wrote it: an older look finishing late never overwrites a newer one. */
  look: number;
}

export interface ImageIdsDeps {
  driver: ContainerDriver;
  clock: Clock;
  onPull: (p: PullProgress) => void;
  /** Told when a name is found pointing to another image than before. */
  onMove: (move: ImageMove) => void;
}

export class ImageIds {
  private readonly entries = new Map<string, Entry>();
  /** Looks that may pull, one per name at a time, shared by the calls that need it. */
  private readonly resolving = new Map<string, Promise<string>>();
  private looks = 0;
  private watch?: ImageWatch;
  /** The engine's image events are being followed. */
  private live = false;
  private retryMs = RETRY_FIRST_MS;
  private retry?: { cancel(): void };
  private rechecking = false;
  private recheckAgain = false;
  private closed = false;

  constructor(private readonly d: ImageIdsDeps) {}

  /** The cached ID while it can be trusted, else undefined: the dispatch's cheap path, with no await. */
  cached(image: string): string | undefined {
    this.startWatch();
    const e = this.entries.get(image);
    if (!e?.valid) return undefined;
    return this.live || this.d.clock.now() - e.checkedAt < TRUST_WITHOUT_EVENTS_MS ? e.id : undefined;
  }

  /** The ID `image` points to now: cached, else inspected (and pulled when missing, with progress). */
  resolve(image: string): Promise<string> {
    const known = this.cached(image);
    if (known) return Promise.resolve(known);
    let pending = this.resolving.get(image);
    if (!pending) {
      // A look that may pull finds an ID or throws.
      pending = this.look(image, true).finally(() => this.resolving.delete(image)) as Promise<string>;
      this.resolving.set(image, pending);
    }
    return pending;
  }

  /** Looks at a name dispatch knows now (a build just moved it), so a move is told before this resolves rather than
   *  when the engine's event comes: the next call runs the new image, and idle containers of the old one retire. */
  async refresh(image: string): Promise<void> {
    if (this.entries.has(image)) await this.look(image, false).catch(() => undefined);
  }

  /** Looks at every cached name again (after an image event, or when events were missed); moves are told. */
  recheck(): void {
    // The cached IDs keep serving meanwhile: most events are about other images, and a look takes milliseconds.
    if (this.rechecking) {
      this.recheckAgain = true;
      return;
    }
    this.rechecking = true;
    void (async () => {
      do {
        this.recheckAgain = false;
        const names = new Set([...this.entries.keys(), ...this.resolving.keys()]);
        // A name that cannot be looked at now (the engine went away) keeps its entry: with the event stream gone
        // too, it is trusted only briefly anyway.
        await Promise.all([...names].map((n) => this.look(n, false).catch(() => undefined)));
      } while (this.recheckAgain && !this.closed);
      this.rechecking = false;
    })();
  }

  /** Stops following the engine's events. */
  close(): void {
    this.closed = true;
    this.live = false;
    this.retry?.cancel();
    this.watch?.stop();
    this.watch = undefined;
  }

  /** Inspects `image` (pulling it when `pull` and missing) and records what it found; the ID, if there is one. */
  private async look(image: string, pull: boolean): Promise<string | undefined> {
    const look = ++this.looks;
    const checkedAt = this.d.clock.now();
    const id = pull
      ? await this.d.driver.ensureImage(image, this.d.onPull)
      : await this.d.driver.imageId(image);
    const prev = this.entries.get(image);
    // A newer look answered first: its answer stands, and is what this caller gets too.
    if (prev && prev.look > look) return prev.valid ? prev.id : id;
    if (id === undefined) {
      if (prev) Object.assign(prev, { valid: false, look });
      return undefined;
    }
    this.entries.set(image, { id, valid: true, checkedAt, look });
    if (prev && prev.id !== id) this.d.onMove({ image, from: prev.id, to: id });
    return id;
  }

  /** Follows the engine's image events from the first dispatch on; a lost stream is asked for again, later. */
  private startWatch(): void {
    if (this.watch || this.retry || this.closed) return;
    this.watch = this.d.driver.watchImages({
      up: () => {
        this.live = true;
        this.retryMs = RETRY_FIRST_MS;
        // What happened before the stream was up is unknown: every cached name is looked at again.
        this.recheck();
      },
      changed: () => this.recheck(),
      down: () => {
        this.live = false;
        this.watch = undefined;
        if (this.closed) return;
        this.retry = this.d.clock.setTimeout(() => {
          this.retry = undefined;
          this.startWatch();
        }, this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MOST_MS);
      },
    });
  }
}

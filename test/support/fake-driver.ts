// A fake container driver and a manual clock for unit tests of scheduling races (never a stand-in for Docker
// in anything a user runs). Fake containers speak the json format: they answer each request line on stdout.
import { PassThrough, Writable } from 'node:stream';
import type { Clock } from '../../src/main/core/clock';
import type {
  ContainerDriver,
  ContainerSpec,
  EngineInfo,
  ExitInfo,
  ImageWatch,
  ImageWatchHandlers,
  OwnedContainer,
  PullProgress,
  RunningContainer,
} from '../../src/main/core/driver';

/**
 * How a fake container answers a request; `held` replies only when the test says so (FakeDriver.replyTo);
 * `reply-split`: the reply's closing newline comes in a write of its own, after the object.
 */
export type Behaviour = 'reply' | 'reply-split' | 'hang' | 'crash' | 'held';

export class FakeClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.live && x.at <= this.t);
    this.timers = this.timers.filter((x) => x.live && x.at > this.t);
    for (const x of due) x.fn();
  }
}

let seq = 0;

class FakeContainer implements RunningContainer {
  readonly id = `fake${++seq}`.padEnd(12, '0');
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly stdin: Writable;
  /** As an engine gives it for a spec that publishes a port (debug mode): one host port per container. */
  publishedPort?: number;
  private exit!: (e: ExitInfo) => void;
  private readonly exited = new Promise<ExitInfo>((r) => (this.exit = r));
  private ended = false;

  constructor(
    private readonly driver: FakeDriver,
    behaviour: (callId: string) => Behaviour,
    private readonly frameName?: string,
  ) {
    let pending = '';
    this.stdin = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        pending += chunk.toString();
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const req = JSON.parse(pending.slice(0, nl)) as { call_id: string; body: string };
          pending = pending.slice(nl + 1);
          const b = behaviour(req.call_id);
          // Framed like an FDK function, so attribution does not depend on timing this fake cannot model.
          if (this.frameName) this.stderr.write(`\n${this.frameName}=${req.call_id}\n`);
          this.stderr.write(`log of ${req.call_id}\n`);
          const text = JSON.stringify({ body: `echo:${req.body}` });
          const reply = () => !this.ended && this.stdout.write(text + '\n');
          if (b === 'reply') setImmediate(reply);
          else if (b === 'held') this.driver.heldReplies.set(req.call_id, reply);
          else if (b === 'reply-split')
            setImmediate(() => {
              if (!this.ended) this.stdout.write(text);
              setImmediate(() => !this.ended && this.stdout.write('\n'));
            });
          else if (b === 'crash') setImmediate(() => this.end(1));
        }
        cb();
      },
    });
  }

  private end(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.stdout.end();
    this.stderr.end();
    this.exit({ exitCode: code, oomKilled: false });
  }
  wait(): Promise<ExitInfo> {
    return this.exited;
  }
  async kill(): Promise<void> {
    this.end(137);
  }
  async remove(): Promise<void> {
    this.end(137);
    this.driver.live.delete(this.id);
  }
  async reachedMemoryLimit(): Promise<boolean> {
    return !this.ended && this.driver.memoryLimitReached;
  }
}

export class FakeDriver implements ContainerDriver {
  readonly endpoint = 'fake://';
  /** Set to act as a remote engine's driver. */
  remoteHost?: string;
  readonly live = new Set<string>();
  starts = 0;
  /** Decides each start: resolve now, fail, or wait for release(). */
  startMode: () => 'ok' | 'fail' | 'manual' = () => 'ok';
  behaviour: (callId: string) => Behaviour = () => 'reply';
  /** What live containers' memory figures say when a timeout asks: whether they reached their limit. */
  memoryLimitReached = false;
  private readonly held: Array<() => void> = [];
  /** Replies of `held` requests, by call id, until replyTo sends them. */
  readonly heldReplies = new Map<string, () => void>();

  async ping(): Promise<EngineInfo> {
    return { version: 'fake', memTotalBytes: 8 * 1024 ** 3, local: true, sharesFilesystem: true };
  }
  /** What each image name points to; a name not set here points to `sha256:<name>`. */
  readonly images = new Map<string, string>();
  /** Image lookups asked of the engine (inspects and pulls), by name. */
  readonly imageLooks: string[] = [];
  /** The image (an ID: containers are started by ID) of every container started, in order. */
  readonly startedImages: string[] = [];
  /** Whether watchImages gets a stream; false: it goes down at once, as with an engine that cannot give one. */
  eventsAvailable = true;
  private watchers = new Set<ImageWatchHandlers>();

  private idOf(image: string): string {
    return this.images.get(image) ?? `sha256:${image}`;
  }
  async ensureImage(image: string, onProgress?: (p: PullProgress) => void): Promise<string> {
    this.imageLooks.push(image);
    onProgress?.({ image, status: 'Pull complete' });
    return this.idOf(image);
  }
  async imageId(image: string): Promise<string | undefined> {
    this.imageLooks.push(image);
    return this.idOf(image);
  }
  watchImages(on: ImageWatchHandlers): ImageWatch {
    // Told later, as a real stream's head and end arrive after the request.
    setImmediate(() => {
      if (!this.eventsAvailable) return on.down();
      this.watchers.add(on);
      on.up();
    });
    return { stop: () => this.watchers.delete(on) };
  }
  /** Points `image` at another ID and reports an image event, as a rebuild under the same tag does. */
  rebuild(image: string, id: string): void {
    this.images.set(image, id);
    for (const w of this.watchers) w.changed();
  }
  /** Ends every event stream, as an engine restart does. */
  dropEvents(): void {
    for (const w of [...this.watchers]) {
      this.watchers.delete(w);
      w.down();
    }
  }
  async start(spec: ContainerSpec): Promise<RunningContainer> {
    this.starts++;
    this.startedImages.push(spec.image);
    const mode = this.startMode();
    if (mode === 'manual') await new Promise<void>((r) => this.held.push(r));
    await Promise.resolve();
    if (mode === 'fail') throw new Error('fake launch failure');
    const c = new FakeContainer(this, this.behaviour, spec.env.FN_LOGFRAME_NAME);
    if (spec.publish) c.publishedPort = spec.publish.hostPort ?? 32768 + this.starts;
    this.live.add(c.id);
    return c;
  }
  /** Lets held starts proceed. */
  release(n = Infinity): void {
    for (let i = 0; i < n && this.held.length; i++) (this.held.shift() as () => void)();
  }
  /** Sends the reply of a `held` request; false if that call has none waiting. */
  replyTo(callId: string): boolean {
    const reply = this.heldReplies.get(callId);
    this.heldReplies.delete(callId);
    reply?.();
    return reply !== undefined;
  }
  get heldStarts(): number {
    return this.held.length;
  }
  async listByLabel(): Promise<OwnedContainer[]> {
    return [...this.live].map((id) => ({ id, labels: {} }));
  }
  async createVolume(): Promise<void> {}
  async removeVolume(): Promise<void> {}
  async listVolumesByLabel(): Promise<Array<{ name: string; labels: Record<string, string> }>> {
    return [];
  }
  async ensureRelayImage(): Promise<string> {
    throw new Error('the fake driver has no relay');
  }
  async forceRemove(id: string): Promise<void> {
    this.live.delete(id);
  }
}

/** Lets queued promise callbacks and setImmediate work run. */
export const settle = async (rounds = 5): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};

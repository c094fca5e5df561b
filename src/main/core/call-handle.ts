// What submitting a call returns: one object that says when the call got its container, hands over the reply as
// soon as its head is known (its body streaming where the format streams), and settles with the final outcome.
import type { Readable } from 'node:stream';
import type { CallUsage, StartKind } from '../../shared/models';
import type { CallOutcome } from './call-types';

export interface CallStart {
  container_id: string;
  start_kind: StartKind;
  started_at: string;
  /** The ID of the image the container runs (the call's image name pointed to it at dispatch). */
  image_id: string;
}

/** A successful reply: the body is a stream when the format streams it (http-stream), else the whole body. */
export interface CallReply {
  status: number;
  headers: Record<string, string[]>;
  body: Buffer | Readable;
}

export interface CallHandle {
  readonly id: string;
  /** Resolves when a container takes the call; null when the call ended without running. */
  readonly started: Promise<CallStart | null>;
  /** Resolves with a successful reply as soon as its head is known; null when the call failed. */
  readonly reply: Promise<CallReply | null>;
  /** Resolves once the call has ended, whatever happened; never rejects. */
  readonly outcome: Promise<CallOutcome>;
  /**
   * What the call cost its container, once the engine's figures arrive (after the outcome, for a hot call up to about
   * a second later): null when the engine gave none for it, undefined when it was not measured (it ran no
   * container, or the driver has no figures). Never rejects.
   */
  readonly usage: Promise<CallUsage | null | undefined>;
  /** Whether the call's figures are coming (`usage` then settles with figures or null, after the outcome). */
  readonly measuring: boolean;
  /** Cancels a waiting or running call (a running one has its container killed); false once it has ended. */
  cancel(): boolean;
}

/** The agent's side of a handle: the runners report through it, in order start → reply → end. */
export class CallRun implements CallHandle {
  readonly started: Promise<CallStart | null>;
  readonly reply: Promise<CallReply | null>;
  readonly outcome: Promise<CallOutcome>;
  readonly usage: Promise<CallUsage | null | undefined>;
  private resolveStart!: (s: CallStart | null) => void;
  private resolveReply!: (r: CallReply | null) => void;
  private resolveOutcome!: (o: CallOutcome) => void;
  private resolveUsage!: (u: CallUsage | null | undefined | Promise<CallUsage | null>) => void;
  private replied = false;
  private ended = false;
  private measuring_ = false;

  constructor(
    readonly id: string,
    /** Cancels the call in the agent; only asked while the call has not ended. */
    private readonly onCancel: () => void,
    /** Whether the caller reads a streaming format's reply body as it arrives (see SubmitContext.streamReply). */
    readonly streams: boolean,
  ) {
    this.started = new Promise((r) => (this.resolveStart = r));
    this.reply = new Promise((r) => (this.resolveReply = r));
    this.outcome = new Promise((r) => (this.resolveOutcome = r));
    this.usage = new Promise((r) => (this.resolveUsage = r));
  }

  cancel(): boolean {
    if (this.ended) return false;
    this.onCancel();
    return true;
  }

  start(s: CallStart): void {
    this.resolveStart(s);
  }

  /** A reply handed over as it arrives (its body a stream that goes on, or whole); the outcome still comes at the end. */
  replyStarted(head: Omit<CallReply, 'body'>, body: Readable | Buffer): void {
    this.replied = true;
    // Built field by field: a spread here cost more than the rest of the hand-over (it runs once per call).
    this.resolveReply({ status: head.status, headers: head.headers, body });
  }

  get measuring(): boolean {
    return this.measuring_;
  }

  /** The runner's figures for the call, settling later; given before `end`, which otherwise settles them as unmeasured. */
  measured(usage: Promise<CallUsage | null>): void {
    if (!this.ended) this.measuring_ = true;
    this.resolveUsage(usage);
  }

  end(o: CallOutcome): void {
    this.ended = true;
    this.resolveUsage(undefined); // no-op when measured
    this.resolveStart(null); // no-op when it started
    if (!this.replied)
      this.resolveReply(
        o.status === 'success' ? { status: o.http_status ?? 200, headers: o.headers, body: o.body } : null,
      );
    this.resolveOutcome(o);
  }
}

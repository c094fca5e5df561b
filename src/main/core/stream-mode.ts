// How http-stream containers are reached, and why: through a folder of this machine (direct) where the engine mounts
// it, else through a relay container. The http_stream_mode setting overrides; auto asks the engine, and checks with a
// bind mount where the engine answers on loopback (it may or may not run on this machine).
import type { ContainerDriver, EngineInfo } from './driver';

export type StreamMode = 'direct' | 'relay';

export interface StreamModeChoice {
  /** `undecided` until the engine has answered (auto). */
  mode: StreamMode | 'undecided';
  reason: string;
}

export class StreamModeChooser {
  private decided?: StreamModeChoice & { mode: StreamMode };
  private pending?: Promise<StreamMode>;
  private hint = 'auto: decided once the engine answers';

  constructor(
    private readonly driver: ContainerDriver,
    private readonly setting: 'auto' | StreamMode = 'auto',
  ) {
    if (setting !== 'auto') this.decided = { mode: setting, reason: `set by the http_stream_mode setting` };
  }

  current(): StreamModeChoice {
    return this.decided ?? { mode: 'undecided', reason: this.hint };
  }

  /** What the engine's answer tells, as soon as it is known (the host's monitor passes it on). */
  engineAnswered(engine: EngineInfo): void {
    if (this.decided) return;
    if (engine.filesystemKnown === false) this.hint = `auto: ${engine.filesystemReason ?? 'to be checked'}`;
    else this.decide(engine.sharesFilesystem ? 'direct' : 'relay', engine.filesystemReason);
  }

  /** The mode for a launch of `image` (the image a check by bind mount can use). */
  choose(image: string): Promise<StreamMode> {
    if (this.decided) return Promise.resolve(this.decided.mode);
    this.pending ??= this.ask(image).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async ask(image: string): Promise<StreamMode> {
    let engine: EngineInfo;
    try {
      engine = await this.driver.ping();
    } catch {
      // The engine is away: the launch fails on its own with the reason; nothing is decided.
      return 'direct';
    }
    if (engine.filesystemKnown !== false || !this.driver.seesHostDirectories)
      return this.decide(engine.sharesFilesystem ? 'direct' : 'relay', engine.filesystemReason);
    let sees: boolean;
    try {
      sees = await this.driver.seesHostDirectories(image);
    } catch (err) {
      // The check itself failed (the engine refused the trial container): the relay works with any engine.
      this.hint = `auto: the check by bind mount failed (${(err as Error).message}); relay until it succeeds`;
      return 'relay';
    }
    return sees
      ? this.decide('direct', 'the engine mounted a folder made on this machine (checked with a bind mount)')
      : this.decide(
          'relay',
          'the engine did not find a folder made on this machine (checked with a bind mount)',
        );
  }

  private decide(mode: StreamMode, why = ''): StreamMode {
    this.decided = { mode, reason: `auto: ${why}` };
    return mode;
  }
}

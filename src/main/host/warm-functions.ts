// Tells the agent how many containers each function keeps warm (its min-warm annotation): at host start, whenever
// the registry changes, and when Docker comes back after it could not be reached.
import { shapingOf } from '../../shared/fn-shaping';
import type { Agent } from '../core/agent';
import { getCall } from '../core/get-call';
import type { FunctionRegistry } from './function-registry';

export class WarmFunctions {
  /** Per function: what the agent was last told (the function, its app's part of the call, the count). */
  private readonly told = new Map<string, string>();

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly agent: Pick<Agent, 'keepWarm' | 'stopWarm'>,
    /** Told when a function's warm containers cannot be kept (e.g. its image cannot be had). */
    private readonly onError: (fnId: string, err: unknown) => void = () => undefined,
  ) {}

  /** Brings the agent in line with the registry; a function whose settings did not change is left alone. */
  sync(): void {
    const seen = new Set<string>();
    for (const fn of this.registry.listFns()) {
      seen.add(fn.id);
      const count = shapingOf(fn.annotations).min_warm ?? 0;
      if (count === 0 && !this.told.has(fn.id)) continue;
      const app = this.registry.getApp(fn.app_id);
      const said = JSON.stringify([fn, app.name, app.config, count]);
      if (this.told.get(fn.id) === said) continue;
      this.told.set(fn.id, said);
      const call = getCall({ id: `warm-${fn.id}`, app, fn, url: '' });
      this.agent.keepWarm(call, count).catch((err: unknown) => {
        // Tried again at the next change, or when Docker is back.
        if (this.told.get(fn.id) === said) this.told.delete(fn.id);
        this.onError(fn.id, err);
      });
    }
    for (const fnId of [...this.told.keys()])
      if (!seen.has(fnId)) {
        this.told.delete(fnId);
        this.agent.stopWarm(fnId);
      }
  }

  /** Forgets what was told, so the next sync tells everything again (Docker came back). */
  retry(): void {
    this.told.clear();
    this.sync();
  }
}

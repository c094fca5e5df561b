// What Podman's Docker-compatible API answers differently from Docker's, read the Docker way: event names (a filter
// on `die` matches nothing there), image names (`docker.io/…`, `localhost/…`) and image IDs in events, and OOM
// kills, which Podman enforces but never reports (State.OOMKilled stays false and no `oom` event comes).
import type Docker from 'dockerode';
import { type Clock, systemClock } from './clock';
import { askEngineEvents } from './engine-event-lines';

/** An engine event, as both engines send it (the fields this reads). */
export interface EngineEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  from?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** Docker's event names that Podman's event filters spell otherwise. */
const FILTER_NAMES: Record<string, string> = { die: 'died', destroy: 'remove' };

/** Event names for a Podman `filters.event`, from Docker's names. */
export const podmanEventFilter = (dockerNames: string[]): string[] =>
  dockerNames.map((n) => FILTER_NAMES[n] ?? n);

/** Podman's event names where Docker's differ, by event type. */
const DOCKER_ACTIONS: Record<string, Record<string, string>> = {
  container: { died: 'die', remove: 'destroy' },
  image: { remove: 'delete' },
};

/** The name Docker gives an image Podman names `docker.io/[library/]x` or `localhost/x` (a local image). */
export function dockerImageName(name: string): string {
  return name.replace(/^(docker\.io\/library\/|docker\.io\/|localhost\/)/, '');
}

/** A Podman event in Docker's words: its action, image names, and image IDs with their `sha256:`. */
export function dockerShapedEvent(e: EngineEvent): EngineEvent {
  const rename = (a: string | undefined) => (a && DOCKER_ACTIONS[e.Type ?? '']?.[a]) ?? a;
  const imageId = (id: string | undefined) =>
    e.Type === 'image' && id && /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
  return {
    ...e,
    Action: rename(e.Action),
    status: rename(e.status),
    id: imageId(e.id),
    from: e.from === undefined ? undefined : dockerImageName(e.from),
    Actor: e.Actor && { ...e.Actor, ID: imageId(e.Actor.ID) },
  };
}

/** The Docker name of the action on one line of an event stream; undefined for a line that is not an event. */
function actionOf(line: string): string | undefined {
  try {
    return dockerShapedEvent(JSON.parse(line) as EngineEvent).Action;
  } catch {
    return undefined;
  }
}

/**
 * Whether a container Podman saw end with SIGKILL (exit 137) was killed by the kernel rather than by a client: it
 * died, and neither a `kill` nor a removal of it shows by the end of `waitMs`. Podman sends no OOM notice, so with a
 * memory limit this is how its OOM kills are told apart from a client's: `podman kill` sends a `kill` event before
 * the death, but `podman rm -f` (from any client) sends none, only its `remove` a moment after the death (seen here
 * 200 ms later: died, cleanup, remove). So a death is the kernel's only once the wait has passed without either,
 * which makes an OOM kill under Podman known `waitMs` after it is asked about. False when the events cannot be read.
 */
export function podmanKernelKill(
  docker: Docker,
  id: string,
  sinceMs: number,
  waitMs: number,
  clock: Clock = systemClock,
): Promise<boolean> {
  let died = false;
  return askEngineEvents(
    docker,
    {
      sinceMs,
      filters: { container: [id], type: ['container'], event: podmanEventFilter(['kill', 'die', 'destroy']) },
    },
    (line) => {
      const action = actionOf(line);
      if (action === 'kill' || action === 'destroy') return false;
      if (action === 'die') died = true;
      return undefined;
    },
    waitMs,
    clock,
    () => died,
  );
}

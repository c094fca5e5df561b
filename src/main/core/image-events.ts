// The engine's image events as a watch: told when the stream is up, when anything happens to an image (a build's
// tag, an untag, a delete, a pull, an import or load), and when the stream is gone.
import type Docker from 'dockerode';
import type { ImageWatch, ImageWatchHandlers } from './driver';

export function watchImageEvents(docker: Docker, on: ImageWatchHandlers): ImageWatch {
  let stopped = false;
  let stream: (NodeJS.ReadableStream & { destroy(): void }) | undefined;
  // `down` is told once, and never after a stop: whoever stopped the watch is not waiting for it.
  let ended = false;
  const down = () => {
    if (ended || stopped) return;
    ended = true;
    on.down();
  };
  docker
    .getEvents({ filters: { type: ['image'] } })
    .then((s) => {
      stream = s as NodeJS.ReadableStream & { destroy(): void };
      if (stopped) return stream.destroy();
      // The answer's head has come: the engine streams events from here on.
      on.up();
      // Which image and what happened do not matter: every cached name is looked at again.
      stream.on('data', () => !stopped && on.changed());
      stream.on('end', down);
      stream.on('close', down);
      stream.on('error', down);
    })
    .catch(down);
  return {
    stop() {
      stopped = true;
      stream?.destroy();
    },
  };
}

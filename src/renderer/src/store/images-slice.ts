// Images slice: progress of pulls and builds started from the UI (or needed by a launch), by image.
import type { ImageEvent } from '../../../shared/api-contract';
import type { SliceCreator } from './studio-state';

const MAX_BUILD_LINES = 2000;

export interface ImageProgress {
  image: string;
  kind: ImageEvent['kind'];
  status: string;
  progress?: ImageEvent['progress'];
  /** Build output, in order. */
  lines: string[];
  done: boolean;
  error?: string;
}

export interface ImagesSlice {
  images: Record<string, ImageProgress>;
  applyImageEvent(event: ImageEvent): void;
}

export const createImagesSlice: SliceCreator<ImagesSlice> = () => (set, get) => ({
  images: {},
  applyImageEvent(e) {
    const before = get().images[e.image];
    // A new pull or build of the same image starts a fresh record.
    const fresh = !before || (before.done && !e.done) || before.kind !== e.kind;
    const lines = fresh ? [] : before.lines;
    const next: ImageProgress = {
      image: e.image,
      kind: e.kind,
      status: e.status,
      progress: e.progress ?? (fresh ? undefined : before.progress),
      lines: e.line ? [...lines, e.line].slice(-MAX_BUILD_LINES) : lines,
      done: e.done ?? false,
      error: e.error,
    };
    set({ images: { ...get().images, [e.image]: next } });
  },
});

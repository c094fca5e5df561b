// Images slice: progress of pulls and builds started from the UI (or needed by a launch), by image.
import type { ImageEvent } from '../../../shared/api-contract';
import { errorMessage } from './errors';
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

/** What the UI knows of an image on the host: checked present or missing, or being pulled or built. */
export interface ImageCheck {
  state: 'checking' | 'present' | 'missing' | 'pulling' | 'building' | 'failed';
  /** The host's words when a check, pull or build failed. */
  error?: string;
}

export interface ImagesSlice {
  images: Record<string, ImageProgress>;
  imageChecks: Record<string, ImageCheck>;
  applyImageEvent(event: ImageEvent): void;
  checkImage(image: string): Promise<void>;
  pullImage(image: string): Promise<void>;
  /** Builds `tag` from a folder on the host's machine; the outcome lands in imageChecks[tag]. */
  buildImage(folder: string, tag: string): Promise<void>;
}

export const createImagesSlice: SliceCreator<ImagesSlice> = (api) => (set, get) => {
  const setCheck = (image: string, check: ImageCheck) =>
    set({ imageChecks: { ...get().imageChecks, [image]: check } });
  return {
    images: {},
    imageChecks: {},
    async checkImage(image) {
      if (!image) return;
      setCheck(image, { state: 'checking' });
      try {
        const { present } = await api.imageStatus({ image });
        setCheck(image, { state: present ? 'present' : 'missing' });
      } catch (err) {
        setCheck(image, { state: 'failed', error: errorMessage(err) });
      }
    },
    async pullImage(image) {
      setCheck(image, { state: 'pulling' });
      try {
        await api.pullImage({ image });
        setCheck(image, { state: 'present' });
      } catch (err) {
        setCheck(image, { state: 'failed', error: errorMessage(err) });
      }
    },
    async buildImage(folder, tag) {
      // Checked here too, so an empty folder or tag never crosses to the host.
      if (!folder.trim() || !tag.trim()) {
        setCheck(tag, { state: 'failed', error: 'a folder and an image tag are both needed to build' });
        return;
      }
      setCheck(tag, { state: 'building' });
      try {
        await api.buildImage({ folder: folder.trim(), tag: tag.trim() });
        setCheck(tag, { state: 'present' });
      } catch (err) {
        setCheck(tag, { state: 'failed', error: errorMessage(err) });
      }
    },
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
  };
};

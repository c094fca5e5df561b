// Container detail slice: the one container whose details are open (what it was started with), secrets masked until
// the user reveals them, and how its load went.
import type { ContainerDetail } from '../../../shared/container-detail';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface OpenContainer {
  containerId: string;
  /** Whether secret values are asked for unmasked. */
  reveal: boolean;
  /** Null until loaded (or when the load failed). */
  detail: ContainerDetail | null;
  error: string | null;
}

export interface ContainerDetailSlice {
  openContainer: OpenContainer | null;
  /** Opens (or reloads) a container's details, keeping secrets masked unless `reveal`. */
  showContainer(containerId: string, reveal?: boolean): Promise<void>;
  closeContainer(): void;
}

export const createContainerDetailSlice: SliceCreator<ContainerDetailSlice> = (api) => (set, get) => ({
  openContainer: null,
  async showContainer(containerId, reveal = false) {
    const prev = get().openContainer;
    // The same container stays on screen while it reloads (e.g. revealing its secrets).
    const detail = prev?.containerId === containerId ? prev.detail : null;
    set({ openContainer: { containerId, reveal, detail, error: null } });
    const current = () => {
      const open = get().openContainer;
      return open?.containerId === containerId && open.reveal === reveal;
    };
    try {
      const loaded = await api.getContainer({ container_id: containerId, reveal });
      if (current()) set({ openContainer: { containerId, reveal, detail: loaded, error: null } });
    } catch (err) {
      if (current()) set({ openContainer: { containerId, reveal, detail: null, error: errorMessage(err) } });
    }
  },
  closeContainer() {
    set({ openContainer: null });
  },
});

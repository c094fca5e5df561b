// Containers slice: the live containers (snapshots from the host) and the ones that ended recently, for the
// timeline's lanes and the container table.
import type { ContainerInfo } from '../../../shared/models';
import type { SliceCreator } from './studio-state';

export const MAX_ENDED_CONTAINERS = 500;

export interface ContainersSlice {
  containers: ContainerInfo[];
  endedContainers: ContainerInfo[];
  applyContainers(containers: ContainerInfo[]): void;
  addEndedContainer(container: ContainerInfo): void;
  setEndedContainers(containers: ContainerInfo[]): void;
}

export const createContainersSlice: SliceCreator<ContainersSlice> = () => (set, get) => ({
  containers: [],
  endedContainers: [],
  applyContainers(containers) {
    set({ containers });
  },
  addEndedContainer(container) {
    const ended = [...get().endedContainers.filter((c) => c.id !== container.id), container];
    set({ endedContainers: ended.slice(-MAX_ENDED_CONTAINERS) });
  },
  setEndedContainers(containers) {
    set({ endedContainers: containers.slice(-MAX_ENDED_CONTAINERS) });
  },
});

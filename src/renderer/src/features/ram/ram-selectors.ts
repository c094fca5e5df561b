// Plain-function selectors for the RAM view; each returns a reference already in the state.
import type { ContainerInfo, RamSample } from '../../../../shared/models';
import type { StudioState } from '../../store/studio-state';

export const selectLastRamSample = (s: StudioState): RamSample | undefined =>
  s.ramSamples[s.ramSamples.length - 1];
export const selectRamSamples = (s: StudioState): RamSample[] => s.ramSamples;
export const selectContainers = (s: StudioState): ContainerInfo[] => s.containers;

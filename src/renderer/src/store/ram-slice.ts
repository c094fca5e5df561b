// RAM slice: the pool samples the host sends once a second (the last 5 minutes).
import type { RamSample } from '../../../shared/models';
import type { SliceCreator } from './studio-state';

export const MAX_RAM_SAMPLES = 300;

export interface RamSlice {
  ramSamples: RamSample[];
  addRamSample(sample: RamSample): void;
  setRamSamples(samples: RamSample[]): void;
}

export const createRamSlice: SliceCreator<RamSlice> = () => (set, get) => ({
  ramSamples: [],
  addRamSample(sample) {
    set({ ramSamples: [...get().ramSamples, sample].slice(-MAX_RAM_SAMPLES) });
  },
  setRamSamples(samples) {
    set({ ramSamples: samples.slice(-MAX_RAM_SAMPLES) });
  },
});

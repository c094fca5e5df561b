// The store's full shape and the slice-creator type every slice uses, so slices can read each other's state.
import type { StateCreator } from 'zustand/vanilla';
import type { StudioClient } from '../../../shared/api-contract';
import type { CallsSlice } from './calls-slice';
import type { CatalogSlice } from './catalog-slice';
import type { ComposerSlice } from './composer-slice';
import type { ContainersSlice } from './containers-slice';
import type { ContainerDetailSlice } from './container-detail-slice';
import type { HostSlice } from './host-slice';
import type { ImagesSlice } from './images-slice';
import type { RamSlice } from './ram-slice';
import type { SettingsSlice } from './settings-slice';
import type { ViewSlice } from './view-slice';
import type { TimelineSlice } from './timeline-slice';
import type { CallTableSlice } from './call-table-slice';
import type { HandoffSlice } from './handoff-slice';
import type { CallDetailSlice } from './call-detail-slice';
import type { CallCompareSlice } from './call-compare-slice';
import type { TriggersSlice } from './triggers-slice';
import type { ExamplesSlice } from './examples-slice';
import type { WatchSlice } from './watch-slice';
import type { DebugSlice } from './debug-slice';

export interface LifecycleSlice {
  /** Loads everything and subscribes to host events; returns the unsubscribe. */
  start(): () => void;
  /** Reloads everything, e.g. after a reconnect during which events were missed. */
  refresh(): Promise<void>;
}

export type StudioState = HostSlice &
  CatalogSlice &
  ComposerSlice &
  CallsSlice &
  ViewSlice &
  ContainersSlice &
  ContainerDetailSlice &
  RamSlice &
  SettingsSlice &
  ImagesSlice &
  TimelineSlice &
  CallTableSlice &
  HandoffSlice &
  CallDetailSlice &
  CallCompareSlice &
  TriggersSlice &
  ExamplesSlice &
  WatchSlice &
  DebugSlice &
  LifecycleSlice;

export type SliceCreator<T> = (api: StudioClient) => StateCreator<StudioState, [], [], T>;

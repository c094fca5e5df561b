// What a container was started with, read from its start spec through the very HostConfig the engine was given.
import type { ContainerMount, ContainerSetup } from '../../shared/container-detail';
import { hostConfigFor } from './docker-driver';
import type { ContainerSpec } from './driver';

/** A container's start spec and the ID of the image it was created from (when the driver knows it). */
export interface StartedWith {
  spec: ContainerSpec;
  imageId?: string;
}

const MB = 1024 * 1024;

export function containerSetup({ spec, imageId }: StartedWith): ContainerSetup {
  const hc = hostConfigFor(spec);
  const mounts: ContainerMount[] = [
    ...(hc.Binds ?? []).map((b): ContainerMount => {
      // host:container[:options], read from the right: a host path may hold a colon (C:\…), the others do not.
      const m = /^(.*):(\/[^:]*)(?::([^:/]*))?$/.exec(b);
      return { type: 'bind', source: m?.[1] ?? b, target: m?.[2] ?? '', options: m?.[3] ?? null };
    }),
    ...(hc.Mounts ?? []).map((m): ContainerMount => ({
      type: 'volume',
      source: m.Source,
      target: m.Target,
      options: null,
    })),
    ...Object.entries(hc.Tmpfs ?? {}).map(([target, options]): ContainerMount => ({
      type: 'tmpfs',
      source: null,
      target,
      options: options || null,
    })),
  ];
  return {
    image_id: imageId ?? null,
    env: { ...spec.env },
    labels: { ...spec.labels },
    network: hc.NetworkMode ?? spec.network,
    user: spec.user ?? null,
    limits: {
      memory_mb: (hc.Memory ?? 0) / MB,
      memory_swap_mb: (hc.MemorySwap ?? 0) / MB,
      pids: hc.PidsLimit ?? null,
      cpus: hc.NanoCpus ? hc.NanoCpus / 1e9 : null,
    },
    mounts,
    hardening: {
      cap_drop: hc.CapDrop ?? [],
      no_new_privileges: (hc.SecurityOpt ?? []).includes('no-new-privileges'),
      read_only_rootfs: hc.ReadonlyRootfs ?? false,
      init: hc.Init ?? false,
    },
  };
}

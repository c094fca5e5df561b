// Labels that mark containers as ours and name their owner, and the start-up sweep of containers whose owner is gone.
import { readFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { type Clock, systemClock } from './clock';
import type { ContainerDriver } from './driver';
import { processAlive } from './process-alive';

export const LABEL = {
  ours: 'io.fnstudio',
  instance: 'io.fnstudio.instance',
  dataDir: 'io.fnstudio.data-dir',
  pid: 'io.fnstudio.owner-pid',
  bootId: 'io.fnstudio.owner-boot-id',
  host: 'io.fnstudio.owner-host',
  fnId: 'io.fnstudio.fn-id',
} as const;

export function currentBootId(clock: Clock = systemClock): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // No boot id outside Linux: boot time to the minute tells reboots apart well enough.
    return String(Math.floor((clock.now() - uptime() * 1000) / 60000));
  }
}

export interface Owner {
  instanceId: string;
  dataDir: string;
}

export function ownerLabels(owner: Owner, clock: Clock = systemClock): Record<string, string> {
  return {
    [LABEL.ours]: '1',
    [LABEL.instance]: owner.instanceId,
    [LABEL.dataDir]: owner.dataDir,
    [LABEL.pid]: String(process.pid),
    [LABEL.bootId]: currentBootId(clock),
    [LABEL.host]: hostname(),
  };
}

/** True when the host that started the container is certainly gone; containers of other machines are never judged. */
export function ownerGone(labels: Record<string, string>, clock: Clock = systemClock): boolean {
  if (labels[LABEL.host] !== hostname()) return false;
  if (labels[LABEL.bootId] !== currentBootId(clock)) return true;
  const pid = Number(labels[LABEL.pid]);
  return !Number.isInteger(pid) || pid <= 0 || !processAlive(pid);
}

/** Removes leaked containers (then the relay volumes) whose owner is gone; returns how many containers. Never touches
 * a live host's. */
export async function sweepOrphans(driver: ContainerDriver, clock: Clock = systemClock): Promise<number> {
  const mine = await driver.listByLabel(LABEL.ours);
  const orphans = mine.filter((c) => ownerGone(c.labels, clock));
  await Promise.all(orphans.map((c) => driver.forceRemove(c.id)));
  const volumes = (await driver.listVolumesByLabel(LABEL.ours)).filter((v) => ownerGone(v.labels, clock));
  await Promise.all(volumes.map((v) => driver.removeVolume(v.name).catch(() => undefined)));
  return orphans.length;
}

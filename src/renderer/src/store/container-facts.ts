// A container's details as the panel shows them: facts in words, the environment's rows with secrets marked, and
// the other key-value lists in a stable order.
import type { ContainerDetail } from '../../../shared/container-detail';
import { debugAttachText } from '../../../shared/fn-debug';

export interface Fact {
  label: string;
  value: string;
}

export interface EnvRow {
  name: string;
  value: string;
  secret: boolean;
  /** Shown masked (a secret not revealed). */
  masked: boolean;
}

const yesNo = (on: boolean) => (on ? 'yes' : 'no');

/** Image, network and user: what the container ran and where; in debug mode, where a debugger attaches. */
export function runFacts(d: ContainerDetail): Fact[] {
  return [
    { label: 'Image', value: d.image },
    { label: 'Image ID', value: d.setup.image_id ?? 'not known' },
    { label: 'Network', value: d.setup.network },
    { label: 'User', value: d.setup.user ?? "the image's own" },
    ...(d.debug_address
      ? [{ label: 'Debugger', value: debugAttachText(d.debug_address, d.debug_engine_host) }]
      : []),
  ];
}

export function limitFacts(d: ContainerDetail): Fact[] {
  const { memory_mb, memory_swap_mb, pids, cpus } = d.setup.limits;
  return [
    { label: 'Memory', value: `${memory_mb} MB` },
    {
      label: 'Swap',
      value: memory_swap_mb <= memory_mb ? 'none' : `${memory_swap_mb - memory_mb} MB`,
    },
    { label: 'Processes', value: pids === null ? 'no limit' : `at most ${pids}` },
    { label: 'CPU', value: cpus === null ? 'no limit' : `${cpus} CPUs` },
  ];
}

export function hardeningFacts(d: ContainerDetail): Fact[] {
  const h = d.setup.hardening;
  return [
    { label: 'Capabilities dropped', value: h.cap_drop.length ? h.cap_drop.join(', ') : 'none' },
    { label: 'No new privileges', value: yesNo(h.no_new_privileges) },
    { label: 'Read-only root filesystem', value: yesNo(h.read_only_rootfs) },
    { label: 'Init process', value: yesNo(h.init) },
  ];
}

/** The environment in the order the container got it (config, then the FN_* variables). */
export function envRows(d: ContainerDetail): EnvRow[] {
  const secret = new Set(d.secret_keys);
  return Object.entries(d.setup.env).map(([name, value]) => ({
    name,
    value,
    secret: secret.has(name),
    masked: secret.has(name) && !d.revealed && value !== '',
  }));
}

/** Labels by name. */
export function labelRows(d: ContainerDetail): Array<[string, string]> {
  return Object.entries(d.setup.labels).sort(([a], [b]) => a.localeCompare(b));
}

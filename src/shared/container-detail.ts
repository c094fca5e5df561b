// What one container was started with (environment, limits, mounts, labels, network, hardening, image), and the
// detail the API answers for it: its live or last state plus that setup, secrets masked unless revealed.
import type { ContainerInfo } from './models';
import { maskSecrets, secretKeysOf } from './secret-config';

export interface ContainerMount {
  type: 'bind' | 'volume' | 'tmpfs';
  /** The host path (bind) or volume name; null for a tmpfs. */
  source: string | null;
  target: string;
  /** Mount options as the engine takes them (e.g. a tmpfs's `rw,exec,size=64m`); null when none. */
  options: string | null;
}

/** Fn's hardening as applied to the container (DESIGN.md §6). */
export interface ContainerHardening {
  /** Capabilities dropped (`ALL`), none when empty. */
  cap_drop: string[];
  no_new_privileges: boolean;
  read_only_rootfs: boolean;
  /** An init process reaps the function's children and passes signals on. */
  init: boolean;
}

export interface ContainerLimits {
  memory_mb: number;
  /** Memory plus swap: equal to memory_mb means no swap. */
  memory_swap_mb: number;
  /** Most processes the container may hold; null: no limit. */
  pids: number | null;
  /** CPUs the container may use; null: no CPU limit (none is set by Fn Studio). */
  cpus: number | null;
}

/** Everything the container was created with, in the engine's terms (its image name is the ContainerInfo's). */
export interface ContainerSetup {
  /** The ID of the image it was created from (`sha256:…`); null when the engine did not say. */
  image_id: string | null;
  /** Its environment: the app's and function's config, then the FN_* variables. */
  env: Record<string, string>;
  labels: Record<string, string>;
  network: string;
  /** The user it runs as; null: the image's own user. */
  user: string | null;
  limits: ContainerLimits;
  mounts: ContainerMount[];
  hardening: ContainerHardening;
}

/** `GET /v2/containers/{id}`: the container's state (live, or as it ended) and what it was started with. */
export interface ContainerDetail extends ContainerInfo {
  setup: ContainerSetup;
  /** The keys of `setup.env` that name secrets (secret-config.ts): masked unless `revealed`. */
  secret_keys: string[];
  revealed: boolean;
}

/** The detail of one container; secret values are masked unless `reveal`. */
export function containerDetail(
  info: ContainerInfo,
  setup: ContainerSetup,
  reveal: boolean,
): ContainerDetail {
  return {
    ...info,
    setup: { ...setup, env: reveal ? { ...setup.env } : maskSecrets(setup.env) },
    secret_keys: secretKeysOf(setup.env),
    revealed: reveal,
  };
}

// Which engine serves the Docker API: Docker Engine or Podman, told apart by the components `GET /version` lists
// (Podman names one "Podman Engine"), so the driver can read each engine's answers the way it means them.

export type EngineKind = 'docker' | 'podman';

/** The part of `GET /version` this reads. */
export interface VersionReply {
  Version?: string;
  Components?: Array<{ Name?: string; Version?: string }> | null;
}

export function engineKindOf(version: VersionReply): EngineKind {
  return (version.Components ?? []).some((c) => /podman/i.test(c.Name ?? '')) ? 'podman' : 'docker';
}

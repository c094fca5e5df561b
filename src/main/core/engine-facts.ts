// What an engine is, from its info and version answers and how it is reached: product, OS, local or remote, and
// whether it mounts this machine's folders (what http-stream's direct mode needs), with the reason in words.
import { describeSource, type EngineEndpoint, isLocalEndpoint } from './docker-endpoint';
import type { EngineInfo } from './driver';

interface InfoAnswer {
  MemTotal?: number;
  ServerVersion?: string;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
}
interface VersionAnswer {
  Platform?: { Name?: string };
  Components?: Array<{ Name?: string }>;
}

export function engineName(info: InfoAnswer, version: VersionAnswer): string {
  const names = [version.Platform?.Name ?? '', ...(version.Components ?? []).map((c) => c.Name ?? '')];
  if (names.some((n) => /podman/i.test(n))) return 'Podman';
  if (/Docker Desktop/i.test(info.OperatingSystem ?? '')) return 'Docker Desktop';
  return 'Docker Engine';
}

export function engineFacts(
  ep: EngineEndpoint,
  info: InfoAnswer,
  version: VersionAnswer,
  platform: NodeJS.Platform = process.platform,
): EngineInfo {
  const name = engineName(info, version);
  const local = isLocalEndpoint(ep);
  const os = [info.OperatingSystem, info.Architecture].filter(Boolean).join(', ') || info.OSType || 'unknown';
  const fs = filesystem(ep, name, local, platform);
  return {
    version: info.ServerVersion ?? 'unknown',
    memTotalBytes: info.MemTotal ?? 0,
    local,
    name,
    os,
    connection: ep.kind,
    source: describeSource(ep),
    ...fs,
  };
}

function filesystem(
  ep: EngineEndpoint,
  name: string,
  local: boolean,
  platform: NodeJS.Platform,
): Pick<EngineInfo, 'sharesFilesystem' | 'filesystemKnown' | 'filesystemReason'> {
  const no = (reason: string) => ({
    sharesFilesystem: false,
    filesystemKnown: true,
    filesystemReason: reason,
  });
  if (name === 'Docker Desktop')
    return no('the engine runs in Docker Desktop’s VM: a socket in this machine’s folders does not reach it');
  if (platform !== 'linux')
    return no('this machine is not Linux: its engine runs in a VM that does not share its sockets');
  if (!local) return no(`the engine is on another machine (${ep.host}, ${describeSource(ep)})`);
  if (ep.kind === 'unix')
    return {
      sharesFilesystem: true,
      filesystemKnown: true,
      filesystemReason: 'the engine runs on this machine (unix socket) and mounts its folders',
    };
  return {
    sharesFilesystem: true,
    filesystemKnown: false,
    filesystemReason: `the engine answers on this machine’s loopback (${ep.kind}): checked at the first http-stream launch whether it mounts this machine’s folders`,
  };
}

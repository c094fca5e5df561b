// The shell's logic: tab keys (WAI-ARIA tabs), Docker advice per platform, and the persisted theme.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import { detectPlatform, dockerAdvice } from '../../src/renderer/src/features/host/docker-advice';
import { nextTabIndex } from '../../src/renderer/src/features/host/tab-keys';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

describe('tab keys', () => {
  it('moves with arrows (wrapping) and jumps with Home/End', () => {
    expect(nextTabIndex('ArrowRight', 0, 5)).toBe(1);
    expect(nextTabIndex('ArrowRight', 4, 5)).toBe(0);
    expect(nextTabIndex('ArrowLeft', 0, 5)).toBe(4);
    expect(nextTabIndex('Home', 3, 5)).toBe(0);
    expect(nextTabIndex('End', 1, 5)).toBe(4);
    expect(nextTabIndex('Enter', 1, 5)).toBeNull();
  });
});

describe('Docker advice', () => {
  it('tells Linux users to start the service and names Podman and DOCKER_HOST', () => {
    const steps = dockerAdvice('unix:///var/run/docker.sock', 'linux').join('\n');
    expect(steps).toContain('systemctl start docker');
    expect(steps).toContain('dockerd');
    expect(steps).toContain('podman.socket');
    expect(steps).toContain('DOCKER_HOST');
    expect(steps).toContain('docker group');
  });

  it('tells macOS and Windows users to start Docker Desktop', () => {
    expect(dockerAdvice('unix:///var/run/docker.sock', 'mac')[0]).toContain('Docker Desktop');
    expect(dockerAdvice('npipe:////./pipe/docker_engine', 'windows')[0]).toContain('Docker Desktop');
  });

  it('names a remote endpoint and the docker_host setting', () => {
    const steps = dockerAdvice('tcp://127.0.0.1:9', 'linux').join('\n');
    expect(steps).toContain('tcp://127.0.0.1:9');
    expect(steps).toContain('docker_host setting');
    expect(steps).not.toContain('docker group');
  });

  it('detects the platform from the user agent', () => {
    expect(detectPlatform('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)')).toBe('mac');
    expect(detectPlatform('Mozilla/5.0 (Windows NT 10.0; Win64; x64)')).toBe('windows');
    expect(detectPlatform('Mozilla/5.0 (X11; Linux x86_64)')).toBe('linux');
  });
});

describe('theme', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is persisted and read back by a new store', () => {
    const data = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    });
    const client = { on: () => () => undefined } as unknown as StudioClient;
    const first = createStudioStore(client);
    expect(first.getState().theme).toBe('dark');
    first.getState().setTheme('light');
    expect(createStudioStore(client).getState().theme).toBe('light');
  });
});

describe('theme without a saved choice', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("follows the system's light preference, and a saved choice wins over it", () => {
    const data = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    });
    vi.stubGlobal('matchMedia', (q: string) => ({ matches: q === '(prefers-color-scheme: light)' }));
    const client = { on: () => () => undefined } as unknown as StudioClient;
    expect(createStudioStore(client).getState().theme).toBe('light');
    data.set('fn-studio.theme', 'dark');
    expect(createStudioStore(client).getState().theme).toBe('dark');
  });
});

// Podman's Docker-compatible answers read the Docker way: which engine answers, event names (in filters and in
// events), image names and image IDs.
import { describe, expect, it } from 'vitest';
import { engineKindOf } from '../../src/main/core/engine-kind';
import { dockerImageName, dockerShapedEvent, podmanEventFilter } from '../../src/main/core/podman-quirks';

describe('engine detection', () => {
  it('tells Podman from Docker by the components GET /version lists', () => {
    expect(
      engineKindOf({
        Version: '4.3.1',
        Components: [{ Name: 'Podman Engine', Version: '4.3.1' }, { Name: 'Conmon' }],
      }),
    ).toBe('podman');
    expect(
      engineKindOf({ Version: '28.2.2', Components: [{ Name: 'Engine' }, { Name: 'containerd' }] }),
    ).toBe('docker');
    // Older or other engines may list no components: Docker's reading is the default.
    expect(engineKindOf({ Version: '20.10', Components: null })).toBe('docker');
    expect(engineKindOf({})).toBe('docker');
  });
});

describe('Podman event names', () => {
  it('spells event filters as Podman matches them (a filter on die matches nothing there)', () => {
    expect(podmanEventFilter(['die', 'destroy', 'oom', 'start'])).toEqual(['died', 'remove', 'oom', 'start']);
  });

  it("gives container and image events Docker's names", () => {
    expect(dockerShapedEvent({ Type: 'container', Action: 'died', status: 'died', id: 'c1' })).toMatchObject({
      Action: 'die',
      status: 'die',
      id: 'c1',
    });
    expect(dockerShapedEvent({ Type: 'container', Action: 'remove' }).Action).toBe('destroy');
    // `remove` of an image is Docker's `delete`, not a container's `destroy`.
    expect(dockerShapedEvent({ Type: 'image', Action: 'remove' }).Action).toBe('delete');
    // Names both engines share pass unchanged.
    for (const action of ['start', 'kill', 'oom', 'die'])
      expect(dockerShapedEvent({ Type: 'container', Action: action }).Action).toBe(action);
    expect(dockerShapedEvent({ Type: 'image', Action: 'tag' }).Action).toBe('tag');
  });

  it("gives image events Docker's IDs and names", () => {
    const hex = '4ec7b5b7ffd5b2260b6a399f4b334cd4e3176ce437de503e709e3302bb650c7e';
    const e = dockerShapedEvent({
      Type: 'image',
      Action: 'tag',
      id: hex,
      from: 'localhost/fn-studio-test/busybox:1',
      Actor: { ID: hex, Attributes: { name: 'x' } },
    });
    expect(e).toMatchObject({
      id: `sha256:${hex}`,
      from: 'fn-studio-test/busybox:1',
      Actor: { ID: `sha256:${hex}`, Attributes: { name: 'x' } },
    });
    // A container's ID is not an image's: left as it is.
    expect(dockerShapedEvent({ Type: 'container', Action: 'start', id: hex }).id).toBe(hex);
    // Already Docker's: unchanged.
    expect(dockerShapedEvent({ Type: 'image', Action: 'tag', id: `sha256:${hex}` }).id).toBe(`sha256:${hex}`);
  });
});

describe('Podman image names', () => {
  it("reads docker.io/ and localhost/ names as Docker's short ones", () => {
    expect(dockerImageName('docker.io/library/node:20-alpine')).toBe('node:20-alpine');
    expect(dockerImageName('docker.io/fnproject/hello:latest')).toBe('fnproject/hello:latest');
    expect(dockerImageName('localhost/fn-studio-test/busybox:1')).toBe('fn-studio-test/busybox:1');
  });

  it('leaves other registries, and names already short, alone', () => {
    expect(dockerImageName('127.0.0.1:5000/x:1')).toBe('127.0.0.1:5000/x:1');
    expect(dockerImageName('quay.io/podman/hello')).toBe('quay.io/podman/hello');
    expect(dockerImageName('fn-studio-test/busybox:1')).toBe('fn-studio-test/busybox:1');
    // Only a leading registry is dropped.
    expect(dockerImageName('registry.example/docker.io/x')).toBe('registry.example/docker.io/x');
  });
});

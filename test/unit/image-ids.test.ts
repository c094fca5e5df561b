// The image-ID cache the dispatch reads: one look per name while image events are followed, a move told when an
// event shows the name pointing elsewhere, and a bounded re-look while the event stream is down.
import { describe, expect, it } from 'vitest';
import { type ImageMove, ImageIds, TRUST_WITHOUT_EVENTS_MS } from '../../src/main/core/image-ids';
import { FakeClock, FakeDriver, settle } from '../support/fake-driver';

function setup() {
  const driver = new FakeDriver();
  const clock = new FakeClock();
  const moves: ImageMove[] = [];
  const ids = new ImageIds({ driver, clock, onPull: () => undefined, onMove: (m) => moves.push(m) });
  return { driver, clock, ids, moves };
}

describe('image IDs for dispatch', () => {
  it('looks a name up once, then answers from the cache without asking the engine', async () => {
    const { driver, ids } = setup();
    driver.images.set('fn:dev', 'sha256:one');
    expect(ids.cached('fn:dev')).toBeUndefined();
    expect(await ids.resolve('fn:dev')).toBe('sha256:one');
    await settle(); // the event stream is up
    const looks = driver.imageLooks.length;
    for (let i = 0; i < 100; i++) expect(ids.cached('fn:dev')).toBe('sha256:one');
    expect(await ids.resolve('fn:dev')).toBe('sha256:one');
    expect(driver.imageLooks.length).toBe(looks);
  });

  it('shares one look between calls that ask at once', async () => {
    const { driver, ids } = setup();
    const answers = await Promise.all([ids.resolve('a:1'), ids.resolve('a:1'), ids.resolve('a:1')]);
    expect(answers).toEqual(['sha256:a:1', 'sha256:a:1', 'sha256:a:1']);
    expect(driver.imageLooks.filter((n) => n === 'a:1')).toHaveLength(1);
  });

  it('sees a rebuilt tag from the image event: the cache moves to the new ID and the move is told', async () => {
    const { driver, ids, moves } = setup();
    driver.images.set('fn:dev', 'sha256:old');
    driver.images.set('other:1', 'sha256:other');
    await ids.resolve('fn:dev');
    await ids.resolve('other:1');
    await settle();
    driver.rebuild('fn:dev', 'sha256:new');
    await settle();
    expect(ids.cached('fn:dev')).toBe('sha256:new');
    expect(ids.cached('other:1')).toBe('sha256:other');
    expect(moves).toEqual([{ image: 'fn:dev', from: 'sha256:old', to: 'sha256:new' }]);
    // An event that changed nothing for the cached names moves nothing.
    driver.rebuild('unrelated:1', 'sha256:x');
    await settle();
    expect(moves).toHaveLength(1);
  });

  it('tells a move found by a later look, after the name was gone for a while', async () => {
    const { driver, ids, moves } = setup();
    driver.images.set('fn:dev', 'sha256:old');
    await ids.resolve('fn:dev');
    await settle();
    // Removed: the name points nowhere, so the next call must look (and pull) again.
    const imageId = driver.imageId.bind(driver);
    driver.imageId = async (image) => (image === 'fn:dev' ? undefined : imageId(image));
    driver.rebuild('unrelated:1', 'sha256:x');
    await settle();
    expect(ids.cached('fn:dev')).toBeUndefined();
    driver.images.set('fn:dev', 'sha256:pulled');
    expect(await ids.resolve('fn:dev')).toBe('sha256:pulled');
    expect(moves).toEqual([{ image: 'fn:dev', from: 'sha256:old', to: 'sha256:pulled' }]);
  });

  it('without image events trusts a cached ID only briefly, so a call looks at most once per interval', async () => {
    const { driver, clock, ids, moves } = setup();
    driver.eventsAvailable = false;
    driver.images.set('fn:dev', 'sha256:old');
    await ids.resolve('fn:dev');
    await settle();
    const looks = () => driver.imageLooks.filter((n) => n === 'fn:dev').length;
    expect(ids.cached('fn:dev')).toBe('sha256:old');
    clock.advance(TRUST_WITHOUT_EVENTS_MS - 1);
    expect(ids.cached('fn:dev')).toBe('sha256:old');
    expect(looks()).toBe(1);
    // Rebuilt while nobody could hear of it: found at the first look after the interval.
    driver.images.set('fn:dev', 'sha256:new');
    clock.advance(1);
    expect(ids.cached('fn:dev')).toBeUndefined();
    expect(await ids.resolve('fn:dev')).toBe('sha256:new');
    expect(looks()).toBe(2);
    expect(moves).toEqual([{ image: 'fn:dev', from: 'sha256:old', to: 'sha256:new' }]);
  });

  it('asks for a lost event stream again, and looks at every cached name once it is back', async () => {
    const { driver, clock, ids, moves } = setup();
    driver.images.set('fn:dev', 'sha256:old');
    await ids.resolve('fn:dev');
    await settle();
    driver.dropEvents();
    // Rebuilt while the stream was down: no event will ever say so.
    driver.images.set('fn:dev', 'sha256:new');
    clock.advance(1000); // the first retry
    await settle();
    expect(moves).toEqual([{ image: 'fn:dev', from: 'sha256:old', to: 'sha256:new' }]);
    expect(ids.cached('fn:dev')).toBe('sha256:new');
    ids.close();
  });
  it('looks at a known name at once when asked (a build just moved it), telling the move before it resolves', async () => {
    const { driver, ids, moves } = setup();
    driver.images.set('fn:dev', 'sha256:old');
    await ids.resolve('fn:dev');
    await settle();
    driver.images.set('fn:dev', 'sha256:new');
    await ids.refresh('fn:dev');
    expect(moves).toEqual([{ image: 'fn:dev', from: 'sha256:old', to: 'sha256:new' }]);
    expect(ids.cached('fn:dev')).toBe('sha256:new');
    // A name no call has used is not looked at: dispatch has nothing of it to move.
    await ids.refresh('never:used');
    expect(driver.imageLooks).not.toContain('never:used');
    ids.close();
  });
});

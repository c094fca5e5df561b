// Questions put to the engine's event stream, on a stream fed by the test: whole lines reach the question (also when
// an event comes in pieces), the first answer ends the read, and an end, a failure or the wait's end answer false.
// And the two questions asked of it: Docker's oom notice, and Podman's kernel kill (a `die` with no `kill` before).
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { askEngineEvents } from '../../src/main/core/engine-event-lines';
import { oomReported } from '../../src/main/core/oom-events';
import { podmanKernelKill } from '../../src/main/core/podman-quirks';
import { FakeClock, settle } from '../support/fake-driver';

/** An engine whose event stream the test writes; `asked` holds each getEvents query. */
function engine(fails = false) {
  const stream = new PassThrough();
  const asked: unknown[] = [];
  const docker = {
    getEvents: async (q: unknown) => {
      asked.push(q);
      if (fails) throw new Error('connect ECONNREFUSED');
      return stream;
    },
  } as unknown as Docker;
  return { docker, stream, asked, clock: new FakeClock() };
}

const event = (fields: Record<string, unknown>) => `${JSON.stringify(fields)}\n`;

describe('askEngineEvents', () => {
  it('asks from a second before `since`, hands on whole lines, and stops at the first answer', async () => {
    const { docker, stream, asked, clock } = engine();
    const seen: string[] = [];
    const answer = askEngineEvents(
      docker,
      { sinceMs: 10_500, filters: { event: ['x'] } },
      (line) => {
        seen.push(line);
        return line === 'yes' ? true : undefined;
      },
      1000,
      clock,
    );
    await settle();
    stream.write('fir');
    stream.write('st\nye');
    await settle();
    expect(seen).toEqual(['first']);
    stream.write('s\nafter\n');
    expect(await answer).toBe(true);
    expect(seen).toEqual(['first', 'yes']);
    expect(asked).toEqual([{ since: 9, filters: { event: ['x'] } }]);
    expect(stream.destroyed).toBe(true);
  });

  it('answers false when the wait passes, the stream ends or fails, or the engine cannot be asked', async () => {
    const never = () => undefined;
    const timed = engine();
    const late = askEngineEvents(timed.docker, { sinceMs: 0, filters: {} }, never, 500, timed.clock);
    await settle();
    timed.stream.write('unrelated\n');
    timed.clock.advance(500);
    expect(await late).toBe(false);
    expect(timed.stream.destroyed).toBe(true);

    const ended = engine();
    const end = askEngineEvents(ended.docker, { sinceMs: 0, filters: {} }, never, 500, ended.clock);
    await settle();
    ended.stream.end();
    expect(await end).toBe(false);

    const failed = engine();
    const failure = askEngineEvents(failed.docker, { sinceMs: 0, filters: {} }, never, 500, failed.clock);
    await settle();
    failed.stream.destroy(new Error('socket hang up'));
    expect(await failure).toBe(false);

    const down = engine(true);
    expect(await askEngineEvents(down.docker, { sinceMs: 0, filters: {} }, never, 500, down.clock)).toBe(
      false,
    );
  });
});

describe('the questions asked of it', () => {
  it('oomReported: any event of the oom filter is the notice; none within the wait is no notice', async () => {
    const yes = engine();
    const seen = oomReported(yes.docker, 'c1', 5000, 500, yes.clock);
    await settle();
    yes.stream.write(event({ Type: 'container', Action: 'oom', id: 'c1' }));
    expect(await seen).toBe(true);
    expect(yes.asked).toEqual([{ since: 4, filters: { container: ['c1'], event: ['oom'] } }]);

    const no = engine();
    const unseen = oomReported(no.docker, 'c1', 5000, 500, no.clock);
    await settle();
    no.clock.advance(500);
    expect(await unseen).toBe(false);
  });

  it("podmanKernelKill: a death with no kill and no removal by the wait's end is the kernel's", async () => {
    const kernel = engine();
    const byKernel = podmanKernelKill(kernel.docker, 'c1', 5000, 500, kernel.clock);
    await settle();
    kernel.stream.write(event({ Type: 'container', Action: 'start' }));
    kernel.stream.write(event({ Type: 'container', Action: 'died' })); // Podman's name for `die`
    kernel.clock.advance(500);
    expect(await byKernel).toBe(true);
    expect(kernel.asked).toEqual([
      { since: 4, filters: { container: ['c1'], type: ['container'], event: ['kill', 'died', 'remove'] } },
    ]);

    // `podman rm -f` sends no kill: its removal right after the death is what shows a client ended it.
    const removed = engine();
    const byRemoval = podmanKernelKill(removed.docker, 'c1', 5000, 500, removed.clock);
    await settle();
    removed.stream.write(event({ Type: 'container', Action: 'died' }));
    removed.clock.advance(200);
    removed.stream.write(event({ Type: 'container', Action: 'remove' }));
    expect(await byRemoval).toBe(false);

    // No death seen at all: nothing says the kernel did it.
    const quiet = engine();
    const byNobody = podmanKernelKill(quiet.docker, 'c1', 5000, 500, quiet.clock);
    await settle();
    quiet.clock.advance(500);
    expect(await byNobody).toBe(false);

    const client = engine();
    const byClient = podmanKernelKill(client.docker, 'c1', 5000, 500, client.clock);
    await settle();
    client.stream.write(
      event({ Type: 'container', Action: 'kill' }) + event({ Type: 'container', Action: 'died' }),
    );
    expect(await byClient).toBe(false);
  });
});

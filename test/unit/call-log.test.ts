// Call logs: line splitting across chunks, CRLF, the cap with exactly one truncation marker, live listeners.
import { describe, expect, it } from 'vitest';
import { CallLog, TRUNCATION_MARKER } from '../../src/main/core/call-log';

describe('CallLog', () => {
  it('joins partial chunks into lines and flushes a trailing fragment at end', () => {
    const log = new CallLog();
    const seen: string[] = [];
    log.onLine((l) => seen.push(l));
    log.write('hel');
    log.write('lo\r\nwor');
    expect(seen).toEqual(['hello']);
    log.write(Buffer.from('ld\nlast'));
    log.end();
    expect(log.allLines()).toEqual(['hello', 'world', 'last']);
    expect(log.text()).toBe('hello\nworld\nlast\n');
  });

  it('stops at the cap with one truncation marker', () => {
    const log = new CallLog(20);
    for (let i = 0; i < 10; i++) log.write('0123456789\n');
    expect(log.allLines()).toEqual(['0123456789', TRUNCATION_MARKER]);
  });
});

describe('LogRouter', () => {
  it('keeps a framed call its lines when an unframed tail timer fires between its frame and its lines', async () => {
    const { LogRouter } = await import('../../src/main/core/log-router');
    const { FakeClock } = await import('../support/fake-driver');
    const clock = new FakeClock();
    const containerLog = new CallLog();
    const router = new LogRouter(containerLog, clock);
    const first = new CallLog();
    router.beginCall('A', first);
    router.endCall(first); // no output seen yet: the function is not known to frame
    router.write(Buffer.from('\nFN_STUDIO_CALL=A\n'));
    clock.advance(1000); // the tail fires after the frame arrived
    router.write(Buffer.from('line 1 of A\n'));
    expect(first.allLines()).toEqual(['line 1 of A']);
    expect(containerLog.allLines()).toEqual([]);
  });
  it("gives a framed call its late lines for a second, then output is the container's own", async () => {
    const { LogRouter } = await import('../../src/main/core/log-router');
    const { FakeClock } = await import('../support/fake-driver');
    const clock = new FakeClock();
    const containerLog = new CallLog();
    const router = new LogRouter(containerLog, clock);
    const call = new CallLog();
    router.beginCall('B', call);
    router.write(Buffer.from('\nFN_STUDIO_CALL=B\nduring B\n'));
    router.endCall(call);
    clock.advance(500);
    router.write(Buffer.from('late line of B\n'));
    clock.advance(600);
    router.write(Buffer.from('idle tick\n'));
    expect(call.allLines()).toEqual(['during B', 'late line of B']);
    expect(containerLog.allLines()).toEqual(['idle tick']);
  });
});

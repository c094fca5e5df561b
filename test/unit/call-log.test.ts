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
  it('gives a framed call its late lines however late, until the next frame', async () => {
    const { LogRouter } = await import('../../src/main/core/log-router');
    const { FakeClock } = await import('../support/fake-driver');
    const clock = new FakeClock();
    const containerLog = new CallLog();
    const router = new LogRouter(containerLog, clock);
    const b = new CallLog();
    const c = new CallLog();
    router.write(Buffer.from('starting up\n'));
    router.beginCall('B', b);
    router.write(Buffer.from('\nFN_STUDIO_CALL=B\nduring B\n'));
    router.endCall(b);
    clock.advance(60_000);
    router.write(Buffer.from('late line of B\n'));
    router.beginCall('C', c);
    router.endCall(c); // C answered before any of its output came through
    router.write(Buffer.from('later line of B\n\nFN_STUDIO_CALL=C\nline of C\n'));
    expect(b.allLines()).toEqual(['during B', 'late line of B', 'later line of B']);
    expect(c.allLines()).toEqual(['line of C']);
    expect(containerLog.allLines()).toEqual(['starting up']);
  });

  it('finds a frame that comes many calls late', async () => {
    const { LogRouter } = await import('../../src/main/core/log-router');
    const { FakeClock } = await import('../support/fake-driver');
    const router = new LogRouter(new CallLog(), new FakeClock());
    const logs = Array.from({ length: 50 }, () => new CallLog());
    router.beginCall('0', logs[0]);
    router.write(Buffer.from('\nFN_STUDIO_CALL=0\nline of 0\n'));
    logs.forEach((log, i) => {
      if (i > 0) router.beginCall(String(i), log);
      router.endCall(log);
    });
    for (let i = 1; i < 50; i++) router.write(Buffer.from(`\nFN_STUDIO_CALL=${i}\nline of ${i}\n`));
    expect(logs.map((l) => l.allLines())).toEqual(logs.map((_, i) => [`line of ${i}`]));
  });
});

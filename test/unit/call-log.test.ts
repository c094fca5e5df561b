// Call logs: line splitting across chunks, CRLF, the cap with exactly one truncation marker, live listeners.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

/** A router on a fake clock, with the container log it falls back to. */
async function fakeRouter() {
  const { LogRouter } = await import('../../src/main/core/log-router');
  const { FakeClock } = await import('../support/fake-driver');
  const clock = new FakeClock();
  const containerLog = new CallLog();
  return { router: new LogRouter(containerLog, clock), clock, containerLog };
}

describe('LogRouter', () => {
  it('wants frames until a call is seen to write nothing, while one is due, or once the function writes; an unasked call takes the stream at once', async () => {
    const { router } = await fakeRouter();
    const [a, b, c, d] = [new CallLog(), new CallLog(), new CallLog(), new CallLog()];
    expect(router.wantsFrames).toBe(true); // nothing known yet
    router.beginCall('A', a, true);
    router.write(Buffer.from('\nFN_STUDIO_CALL=A\n'));
    router.endCall(a);
    expect(router.wantsFrames).toBe(true); // A's output may still be on its way
    router.beginCall('B', b, true);
    router.write(Buffer.from('\nFN_STUDIO_CALL=B\n'));
    router.endCall(b);
    expect(router.wantsFrames).toBe(false); // A wrote nothing before B's frame, nothing due: C asks for nothing
    router.beginCall('C', c, false);
    router.write(Buffer.from('line of C\n'));
    expect(c.allLines()).toEqual(['line of C']);
    expect([a.allLines(), b.allLines()]).toEqual([[], []]);
    expect(router.wantsFrames).toBe(true); // it writes: D asks
    router.endCall(c);
    router.beginCall('D', d, true);
    router.write(Buffer.from('late line of C\n\nFN_STUDIO_CALL=D\nline of D\n'));
    expect(c.allLines()).toEqual(['line of C', 'late line of C']);
    expect(d.allLines()).toEqual(['line of D']);
  });

  it('keeps a first call its lines that come through after the next call began (that call asks too)', async () => {
    const { router } = await fakeRouter();
    const [a, b] = [new CallLog(), new CallLog()];
    router.beginCall('A', a, true);
    router.write(Buffer.from('\nFN_STUDIO_CALL=A\n'));
    router.endCall(a);
    expect(router.wantsFrames).toBe(true);
    router.beginCall('B', b, router.wantsFrames);
    router.write(Buffer.from('line of A\n\nFN_STUDIO_CALL=B\nline of B\n'));
    expect([a.allLines(), b.allLines()]).toEqual([['line of A'], ['line of B']]);
  });

  it('wants frames for every call once the function frames a call that asked for none', async () => {
    const { router } = await fakeRouter();
    const [a, b, c] = [new CallLog(), new CallLog(), new CallLog()];
    router.beginCall('A', a, true);
    router.write(Buffer.from('\nFN_STUDIO_CALL=A\n'));
    router.endCall(a);
    router.beginCall('B', b, true);
    router.write(Buffer.from('\nFN_STUDIO_CALL=B\n'));
    router.endCall(b);
    router.beginCall('C', c, false);
    expect(router.wantsFrames).toBe(false);
    router.write(Buffer.from('\nFN_STUDIO_CALL=C\n'));
    expect(router.wantsFrames).toBe(true);
  });
  it('drops a frame of no call (an FDK that frames an empty header) and keeps the lines around it', async () => {
    const { router } = await fakeRouter();
    const a = new CallLog();
    router.beginCall('A', a);
    router.write(Buffer.from('\nFN_STUDIO_CALL=\nline of A\n\nreal empty line above\n'));
    expect(a.allLines()).toEqual(['line of A', '', 'real empty line above']);
    expect(router.isFramed).toBe(false);
  });
  it('keeps a framed call its lines when an unframed tail timer fires between its frame and its lines', async () => {
    const { router, clock, containerLog } = await fakeRouter();
    const first = new CallLog();
    router.beginCall('A', first);
    router.endCall(first); // no output seen yet: the function is not known to frame
    router.write(Buffer.from('\nFN_STUDIO_CALL=A\n'));
    clock.advance(500); // the unframed tail would have fired after the frame arrived
    router.write(Buffer.from('line 1 of A\n'));
    expect(first.allLines()).toEqual(['line 1 of A']);
    expect(containerLog.allLines()).toEqual([]);
  });
  it("gives a framed call its late lines for a second past its frame's lag, then output is the container's", async () => {
    const { router, clock, containerLog } = await fakeRouter();
    const b = new CallLog();
    router.write(Buffer.from('starting up\n'));
    router.beginCall('B', b);
    // The engine passes output on 3 s late: the frame, written as the call started, tells.
    clock.advance(3000);
    router.write(Buffer.from('\nFN_STUDIO_CALL=B\nduring B\n'));
    clock.advance(10);
    router.endCall(b);
    clock.advance(3500);
    router.write(Buffer.from('late line of B\n'));
    clock.advance(600);
    router.write(Buffer.from('idle tick\n'));
    expect(b.allLines()).toEqual(['during B', 'late line of B']);
    expect(containerLog.allLines()).toEqual(['starting up', 'idle tick']);
  });

  it("ends each call's tail at its own end when tails follow each other, whichever timer runs", async () => {
    const { router, clock, containerLog } = await fakeRouter();
    const a = new CallLog();
    const b = new CallLog();
    const c = new CallLog();
    // Unframed output on this stream: each call's tail is 100 ms from its reply.
    router.write(Buffer.from('boot\n'));
    router.beginCall('A', a);
    router.endCall(a);
    clock.advance(50);
    // B starts inside A's tail, which it cuts short; B's own tail runs past the end A's would have had.
    router.beginCall('B', b);
    router.endCall(b);
    clock.advance(80); // 30 ms past A's end, 80 ms into B's tail
    router.write(Buffer.from('late B\n'));
    clock.advance(30); // B's tail is over
    router.write(Buffer.from('between\n'));
    // A tail cut short by a call does not end the next call's log early either.
    router.beginCall('C', c);
    clock.advance(200);
    router.write(Buffer.from('during C\n'));
    expect(a.allLines()).toEqual([]);
    expect(b.allLines()).toEqual(['late B']);
    expect(c.allLines()).toEqual(['during C']);
    expect(containerLog.allLines()).toEqual(['boot', 'between']);
  });

  it('starts a framed tail when the frame comes after the reply, and ends it at the next frame', async () => {
    const { router, clock, containerLog } = await fakeRouter();
    const [a, b, c] = [new CallLog(), new CallLog(), new CallLog()];
    router.beginCall('A', a);
    router.write(Buffer.from('\nFN_STUDIO_CALL=A\n'));
    router.endCall(a);
    router.beginCall('B', b);
    router.endCall(b); // B replied before any of its output came through
    router.beginCall('C', c);
    router.endCall(c);
    clock.advance(5000);
    router.write(Buffer.from('\nFN_STUDIO_CALL=B\nline of B\n\nFN_STUDIO_CALL=C\nline of C\n'));
    // C's frame came 5 s after it began: its tail ends 5 s + 1 s after its reply.
    clock.advance(900);
    router.write(Buffer.from('late line of C\n'));
    clock.advance(200);
    router.write(Buffer.from('idle tick\n'));
    expect([a, b, c].map((l) => l.allLines())).toEqual([[], ['line of B'], ['line of C', 'late line of C']]);
    expect(containerLog.allLines()).toEqual(['idle tick']);
  });

  it('does not hold the logs of a function that never frames its calls', async () => {
    const { LogRouter } = await import('../../src/main/core/log-router');
    const { systemClock } = await import('../../src/main/core/clock');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // The real clock: a cancelled timer is let go of (the fake one keeps its cancelled timers until time passes).
    const router = new LogRouter(new CallLog(), systemClock);
    const first = (() => {
      const log = new CallLog();
      router.beginCall('0', log);
      router.write(Buffer.from('unframed output of 0\n'));
      router.endCall(log);
      return new WeakRef(log);
    })();
    for (let i = 1; i <= 200; i++) {
      const log = new CallLog();
      router.beginCall(String(i), log);
      router.endCall(log);
    }
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(first.deref()).toBeUndefined();
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
  it("measures how late an unframed call's output comes after its reply, and lets it fade", async () => {
    const { router, clock } = await fakeRouter();
    const a = new CallLog();
    router.beginCall('A', a);
    router.endCall(a);
    clock.advance(40);
    router.write(Buffer.from('late line of A\n'));
    expect(a.allLines()).toEqual(['late line of A']);
    expect(router.lateMs).toBe(40);
    router.beginCall('B', new CallLog());
    expect(router.lateMs).toBeCloseTo(36);
  });
});

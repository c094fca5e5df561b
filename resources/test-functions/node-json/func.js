// Hot test function for Fn's `json` format: one JSON call per stdin line, one JSON reply line on stdout; the body picks the behaviour.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the image
const { existsSync, writeSync } = require('node:fs');

// Random per process, so a caller can tell whether two calls were served by the same container.
const servedBy = Math.random().toString(36).slice(2, 10);
let served = 0;
let busy = false;
let pending = '';
const queue = [];

// Synchronous stderr writes: lines must be out before the reply (and before a crash), or the agent could
// attribute them to the wrong call.
const logLine = (line) => writeSync(2, `${line}\n`);

// Fn's log framing: mark where each call's stderr starts, so the agent can attribute late lines exactly.
function frame(callId) {
  if (process.env.FN_LOGFRAME_NAME && process.env.NO_FRAMES !== '1')
    writeSync(2, `\n${process.env.FN_LOGFRAME_NAME}=${callId}\n`);
}

function replyObject(body, status = 200, extraHeaders = {}) {
  const headers = { 'X-Served-By': [servedBy], 'X-Call-Count': [String(served)], ...extraHeaders };
  return JSON.stringify({ body, content_type: 'text/plain', protocol: { status_code: status, headers } });
}

// One write per reply: a reply split over several writes could reach the agent in pieces.
const reply = (body, status, headers) => process.stdout.write(`${replyObject(body, status, headers)}\n`);
function report(callId) {
  return new Promise((resolve) => {
    const url = `${process.env.RECORD_URL}?id=${encodeURIComponent(callId)}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS
    const req = require('node:http').get(url, (res) => res.resume().on('end', resolve));
    req.on('error', (err) => {
      logLine(`record failed: ${err.message}`);
      resolve();
    });
  });
}
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function serve(line) {
  served++;
  let call;
  try {
    call = JSON.parse(line);
  } catch (err) {
    logLine(`bad call: ${err.message}`);
    return reply(`bad call: ${err.message}`, 400);
  }
  const callId = String(call.call_id ?? '');
  frame(callId);
  const body = typeof call.body === 'string' ? call.body : String(call.body ?? '');
  const colon = body.indexOf(':');
  const [command, arg] = colon < 0 ? [body, ''] : [body.slice(0, colon), body.slice(colon + 1)];
  switch (command) {
    case 'sleep':
      await delay(Number(arg));
      return reply(`slept:${arg}`);
    case 'until-file':
      // Holds the call until a test creates the file in this container (docker exec): an end the test decides.
      while (!existsSync(arg)) await delay(10);
      return reply(`released:${arg}`);
    case 'crash':
      logLine('crashing');
      return process.exit(3);
    case 'garbage':
      return process.stdout.write('this is not json\n');
    case 'extra':
      return process.stdout.write(`${replyObject('extra')}trailing-bytes\n`);
    case 'env':
      return reply(JSON.stringify(process.env));
    case 'headers':
      return reply(JSON.stringify(call.protocol?.headers ?? {}));
    case 'protocol':
      return reply(JSON.stringify(call.protocol ?? {}));
    case 'oom': {
      // Filled, so the pages are really committed and count against the cgroup limit.
      const hog = [];
      for (;;) hog.push(Buffer.alloc(1024 * 1024).fill(1));
    }
    case 'log':
      for (let i = 1; i <= Number(arg); i++) logLine(`line ${i} of ${callId}`);
      return reply(`logged:${arg}`);
    case 'record':
      // Tells a server outside the container which call ran here (crash tests count runs per call id), then works a while.
      await report(callId);
      await delay(Number(arg));
      return reply(`recorded:${callId}`);
    case 'status':
      return reply(`status:${arg}`, Number(arg));
    case 'cookies':
      // Two values of one header, which must reach the caller as two headers.
      return reply('two cookies', 200, { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] });
    default:
      logLine(`stderr ${callId} ${body}`);
      return reply(`echo:${body}`);
  }
}

// Calls run one at a time in arrival order, as a real hot function would: a sleeping call delays the next.
async function drain() {
  if (busy) return;
  busy = true;
  while (queue.length > 0) await serve(queue.shift());
  busy = false;
}

// Output between calls, to test that the agent sends it to the container's log rather than a call's.
const tick =
  process.env.TICK === '1'
    ? setInterval(() => {
        if (!busy) logLine('idle tick');
      }, 200)
    : undefined;

// Decoded by the stream, so a multi-byte character split across chunks stays intact.
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
    const line = pending.slice(0, newline);
    pending = pending.slice(newline + 1);
    if (line.trim() !== '') queue.push(line);
  }
  void drain();
});
process.stdin.on('end', () => clearInterval(tick));

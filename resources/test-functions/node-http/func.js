// Hot test function for Fn's `http` format: one HTTP/1.1 request per call on stdin, one response on stdout; the body picks the behaviour.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the image
const { writeSync } = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the image
const { STATUS_CODES } = require('node:http');

// Random per process, so a caller can tell whether two calls were served by the same container.
const servedBy = Math.random().toString(36).slice(2, 10);
let served = 0;
let busy = false;
let buffer = Buffer.alloc(0);
const queue = [];

// Synchronous stderr writes: lines must be out before the response (and before a crash), or the agent could
// attribute them to the wrong call.
const logLine = (line) => writeSync(2, `${line}\n`);

// Fn's log framing: mark where each call's stderr starts, so the agent can attribute late lines exactly.
function frame(callId) {
  if (process.env.FN_LOGFRAME_NAME && process.env.NO_FRAMES !== '1')
    writeSync(2, `\n${process.env.FN_LOGFRAME_NAME}=${callId}\n`);
}

function responseBytes(callId, body, status = 200, extraLines = []) {
  const payload = Buffer.from(body);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`,
    'Content-Type: text/plain',
    `Content-Length: ${payload.length}`,
    `X-Served-By: ${servedBy}`,
    `X-Call-Id: ${callId}`,
    `X-Call-Count: ${served}`,
    ...extraLines,
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

// One write per response: a response split over several writes could reach the agent in pieces.
const respond = (callId, body, status, extraLines) =>
  process.stdout.write(responseBytes(callId, body, status, extraLines));
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function serve({ headers, body: payload }) {
  served++;
  // Fn writes Fn_call_id; accept the dash spelling too, since header names are matched loosely.
  const callId = headers['fn_call_id'] ?? headers['fn-call-id'] ?? '';
  frame(callId);
  const body = payload.toString('utf8');
  const colon = body.indexOf(':');
  const [command, arg] = colon < 0 ? [body, ''] : [body.slice(0, colon), body.slice(colon + 1)];
  switch (command) {
    case 'sleep':
      await delay(Number(arg));
      return respond(callId, `slept:${arg}`);
    case 'crash':
      logLine('crashing');
      return process.exit(3);
    case 'garbage':
      return process.stdout.write('not http at all\r\n\r\n');
    case 'extra':
      return process.stdout.write(Buffer.concat([responseBytes(callId, 'extra'), Buffer.from('junk')]));
    case 'env':
      return respond(callId, JSON.stringify(process.env));
    case 'headers':
      return respond(callId, JSON.stringify(headers));
    case 'oom': {
      // Filled, so the pages are really committed and count against the cgroup limit.
      const hog = [];
      for (;;) hog.push(Buffer.alloc(1024 * 1024).fill(1));
    }
    case 'log':
      for (let i = 1; i <= Number(arg); i++) logLine(`line ${i} of ${callId}`);
      return respond(callId, `logged:${arg}`);
    case 'status':
      return respond(callId, `status:${arg}`, Number(arg));
    case 'cookies':
      // Two lines of one header, which must reach the caller as two headers.
      return respond(callId, 'two cookies', 200, ['Set-Cookie: a=1; Path=/', 'Set-Cookie: b=2; Path=/']);
    default:
      logLine(`stderr ${callId} ${body}`);
      return respond(callId, `echo:${body}`);
  }
}

/** Takes one complete request off the front of the buffer, or returns undefined until all of it has arrived. */
function nextRequest() {
  // Blank lines before a request line are allowed by HTTP/1.1 and skipped.
  while (buffer.subarray(0, 2).toString('latin1') === '\r\n') buffer = buffer.subarray(2);
  const headEnd = buffer.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [requestLine, ...lines] = buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
  // Lower-cased keys: header names are case-insensitive, and Fn's agents differ in how they spell them.
  const headers = {};
  // A header sent more than once becomes a list of its values, in order.
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? [].concat(headers[name], value) : value;
  }
  const length = Number.parseInt(headers['content-length'] ?? '0', 10) || 0;
  const bodyStart = headEnd + 4;
  if (buffer.length < bodyStart + length) return undefined;
  const body = buffer.subarray(bodyStart, bodyStart + length);
  buffer = buffer.subarray(bodyStart + length);
  return { requestLine, headers, body };
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

// Requests may arrive split across chunks or several in one chunk: parse in a loop over a buffer.
process.stdin.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (let request = nextRequest(); request; request = nextRequest()) queue.push(request);
  void drain();
});
process.stdin.on('end', () => clearInterval(tick));

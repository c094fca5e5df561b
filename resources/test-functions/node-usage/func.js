// Test function that costs what its body asks, to test per-call CPU and memory figures: `alloc:MB[:holdMs]` fills
// MB of memory (held holdMs, then let go), `spin:MS` keeps a core busy for MS ms of CPU time, anything else is echoed. Hot in the
// `json` format; run in the `default` format (FN_FORMAT), it serves its one call from stdin and exits.
'use strict';

const MiB = 1024 * 1024;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function work(body) {
  const [command, arg = '', extra = ''] = body.split(':');
  if (command === 'alloc') {
    // Filled, so the pages are really committed and count in the container's memory.
    const held = [];
    for (let i = 0; i < Number(arg); i++) held.push(Buffer.alloc(MiB).fill(1));
    await delay(Number(extra) || 0);
    held.length = 0;
    return `allocated:${arg}`;
  }
  if (command === 'spin') {
    // Until the process has used MS ms of CPU (not of wall time, which a busy machine stretches).
    const start = process.cpuUsage();
    const used = () => {
      const d = process.cpuUsage(start);
      return (d.user + d.system) / 1000;
    };
    while (used() < Number(arg));
    return `spun:${arg}`;
  }
  return `echo:${body}`;
}

function reply(body) {
  const headers = { 'Content-Type': ['text/plain'] };
  return `${JSON.stringify({ body, content_type: 'text/plain', protocol: { status_code: 200, headers } })}\n`;
}

let pending = '';
let chain = Promise.resolve();
process.stdin.setEncoding('utf8');
if (process.env.FN_FORMAT === 'default') {
  process.stdin.on('data', (chunk) => (pending += chunk));
  process.stdin.on('end', () => work(pending).then((out) => process.stdout.write(`${out}\n`)));
} else {
  process.stdin.on('data', (chunk) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim() === '') continue;
      // One call at a time, in arrival order, as a hot function serves them.
      chain = chain.then(async () => {
        const call = JSON.parse(line);
        process.stdout.write(reply(await work(String(call.body ?? ''))));
      });
    }
  });
}

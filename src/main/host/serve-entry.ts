// `npm run serve`: the headless host. Prints the ready line, exits cleanly on a busy port, shuts down on SIGINT/SIGTERM.
import { join } from 'node:path';
import { version } from '../../../package.json';
import { DataDirLockedError } from './data-dir-lock';
import { describeUnreachable } from './docker-monitor';
import { parseStartSettings, SettingsError } from './host-settings';
import { tuneCollector } from './gc-tuning';
import { PortBusyError, StudioHost } from './studio-host';

async function main(): Promise<void> {
  tuneCollector();
  let settings;
  try {
    settings = parseStartSettings(process.argv.slice(2));
  } catch (err) {
    if (err instanceof SettingsError) return fail(err.message);
    throw err;
  }
  // Handlers first: a signal that arrives while the host starts must not kill it mid-way with the default action.
  let host: StudioHost | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      console.error('forced exit: containers may be left behind (they are removed at the next start)');
      process.exit(130);
    }
    stopping = true;
    if (!host) return; // start() is still running; it sees `stopping` when it returns
    console.error(`${signal}: finishing running calls and removing containers…`);
    await host.close();
    console.error('stopped; no containers left behind');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    host = await StudioHost.start({
      ...settings,
      version,
      uiRoot: join(__dirname, '../renderer'),
      examplesDir: join(__dirname, '../../resources/examples'),
    });
  } catch (err) {
    if (err instanceof PortBusyError || err instanceof DataDirLockedError) return fail(err.message);
    throw err;
  }
  console.log(`listening on ${host.uiUrl}  (Fn API: ${host.apiUrl}, data: ${settings.dataDir})`);
  const docker = host.monitor.current;
  if (!docker.reachable) console.error(`warning: ${describeUnreachable(docker)}`);
  if (stopping) {
    stopping = false;
    await stop('signal during start-up');
  }
}

function fail(message: string): void {
  console.error(`fn-studio: ${message}`);
  process.exitCode = 1;
}

main().catch((err: Error) => {
  fail(`could not start: ${err.message}`);
});

// The collector setting each host entry applies: every flag is one this runtime's V8 knows (an unknown flag is only
// warned about, so a renamed one would silently stop working), and tuneCollector applies each.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HOST_V8_FLAGS, tuneCollector } from '../../src/main/host/gc-tuning';

describe('tuneCollector', () => {
  it('applies each host flag', () => {
    const set: string[] = [];
    tuneCollector((f) => set.push(f));
    expect(set).toEqual([...HOST_V8_FLAGS]);
  });

  it('names only flags this V8 knows', () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of HOST_V8_FLAGS) {
      // `--no-x` turns off the boolean option `--x`.
      const name = flag.replace(/^--no-/, '--');
      expect(options).toMatch(new RegExp(`^\\s*${name}\\s`, 'm'));
    }
  });
});

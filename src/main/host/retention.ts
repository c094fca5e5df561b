// Applies the retention settings (count, age, total size) to the call store: once a minute, and soon after a
// burst of writes takes the store past a cap.
import type { SettingValues } from '../../shared/settings';
import type { CallStore } from './store/call-store';

const EVERY_MS = 60_000;

export function startRetention(
  store: CallStore,
  settings: () => SettingValues,
): { stop(): void; prune(): void } {
  let pruning = false;
  let due: NodeJS.Timeout | undefined;
  const prune = () => {
    due = undefined;
    if (pruning) return;
    pruning = true;
    try {
      const v = settings();
      store.prune({
        maxCalls: v.retention_max_calls,
        maxAgeMs: v.retention_max_age_days * 86_400_000,
        maxBytes: v.retention_max_bytes,
      });
    } finally {
      pruning = false;
    }
  };
  const unsubscribe = store.onFlushed(() => {
    // Age is checked by the timer; count and size are known without a query, so they are checked at every write.
    const v = settings();
    if (store.bytes > v.retention_max_bytes || store.count() > v.retention_max_calls)
      due ??= setTimeout(prune, 0);
  });
  prune();
  const timer = setInterval(prune, EVERY_MS);
  timer.unref();
  return {
    prune,
    stop() {
      clearInterval(timer);
      clearTimeout(due);
      unsubscribe();
    },
  };
}

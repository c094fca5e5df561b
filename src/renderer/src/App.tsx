// The page layout: banners on top, the functions sidebar on the left, the composer and recent calls on the right.
import { RecentCalls } from './features/calls/RecentCalls';
import { Composer } from './features/composer/Composer';
import { FnForm } from './features/functions/FnForm';
import { FnList } from './features/functions/FnList';
import { ConnectionBanner } from './features/host/ConnectionBanner';
import { DockerBanner } from './features/host/DockerBanner';
import { useStudio } from './store/store-context';

export function App() {
  const version = useStudio((s) => s.status?.version);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Fn Studio</h1>
        {version && <span className="muted">v{version}</span>}
      </header>
      <ConnectionBanner />
      <DockerBanner />
      <div className="layout">
        <aside className="sidebar">
          <FnForm />
          <FnList />
        </aside>
        <main className="main">
          <Composer />
          <RecentCalls />
        </main>
      </div>
    </div>
  );
}

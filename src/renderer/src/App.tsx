// The page layout: banners on top, the functions sidebar on the left, and the chosen view on the right.
import { useLayoutEffect } from 'react';
import { CallsView } from './features/calls/CallsView';
import { RecentCalls } from './features/calls/RecentCalls';
import { Composer } from './features/composer/Composer';
import { FnList } from './features/functions/FnList';
import { WatchPanel } from './features/functions/WatchPanel';
import { HandoffPanel } from './features/handoff/HandoffPanel';
import { ConnectionBanner } from './features/host/ConnectionBanner';
import { DockerBanner } from './features/host/DockerBanner';
import { SkipToView } from './features/host/SkipToView';
import { PANEL_ID, ViewTabs, tabId } from './features/host/ViewTabs';
import './features/host/shell.css';
import { RamGauge } from './features/ram/RamGauge';
import { RamView } from './features/ram/RamView';
import { SettingsView } from './features/settings/SettingsView';
import { TimelineView } from './features/timeline/TimelineView';
import { useStudio } from './store/store-context';
import type { View } from './store/view-slice';

function MainView({ view }: { view: View }) {
  switch (view) {
    case 'composer':
      return (
        <>
          <Composer />
          <RecentCalls />
        </>
      );
    case 'timeline':
      return <TimelineView />;
    case 'calls':
      return <CallsView />;
    case 'ram':
      return <RamView />;
    case 'settings':
      return (
        <>
          <SettingsView />
          <HandoffPanel />
        </>
      );
  }
}

export function App() {
  const version = useStudio((s) => s.status?.version);
  const view = useStudio((s) => s.view);
  const setView = useStudio((s) => s.setView);
  const theme = useStudio((s) => s.theme);
  const setTheme = useStudio((s) => s.setTheme);
  // Before the first paint, so a light-theme user never sees a dark flash.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <SkipToView view={view} testId="skip-link" />
      <header className="topbar">
        <h1>Fn Studio</h1>
        {version && <span className="muted">v{version}</span>}
        <nav aria-label="Views">
          <ViewTabs view={view} onSelect={setView} />
        </nav>
        {/* Right after the tabs: one Tab from the chosen tab, then Enter, reaches the view's controls. */}
        <SkipToView view={view} testId="skip-to-view" />
        <RamGauge compact />
        <button
          type="button"
          className="topbar-end"
          data-testid="theme-toggle"
          aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </header>
      <ConnectionBanner />
      <DockerBanner />
      <div className="layout">
        <aside className="sidebar" aria-label="Functions">
          <FnList />
          <WatchPanel />
        </aside>
        <main className="main" data-testid="main-panel">
          <div
            className="view-panel"
            id={PANEL_ID}
            role="tabpanel"
            aria-labelledby={tabId(view)}
            tabIndex={-1}
          >
            <MainView view={view} />
          </div>
        </main>
      </div>
    </div>
  );
}

// Settings: every configurable value, where it comes from, and saving changes.
export function SettingsView() {
  return (
    <section className="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
    </section>
  );
}

import { useEffect, useRef } from 'react';
import { api, reportError, safeCall } from './api.js';
import { ErrorBoundary } from './components/common/ErrorBoundary.js';
import { LiveRegion } from './components/common/LiveRegion.js';
import { ManagedBanner } from './components/layout/ManagedBanner.js';
import { ProfileBanner } from './components/layout/ProfileBanner.js';
import { TopBar } from './components/layout/TopBar.js';
import { UpdatePrompt } from './components/layout/UpdatePrompt.js';
import { StepUpDialog } from './components/mfa/StepUpDialog.js';
import { AllConnectionsPage } from './pages/AllConnectionsPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { IntegrationsPage } from './pages/IntegrationsPage.js';
import { OrgsPage } from './pages/OrgsPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { refreshAttention } from './state/attention.js';
import { loadPresenting, markStartChosen, usePresenting } from './state/presenting.js';
import { useRoute } from './state/route.js';
import { applyTheme } from './state/theme.js';

function Routes() {
  const route = useRoute((s) => s.route);
  switch (route.name) {
    case 'orgs':
      return <OrgsPage />;
    case 'integrations':
      return <IntegrationsPage key={route.orgId} orgId={route.orgId} />;
    case 'settings':
      return <SettingsPage section={route.section} />;
    case 'connections':
      return <AllConnectionsPage />;
    case 'audit':
      return <AuditPage />;
    case 'not-found':
      return (
        <main className="page" id="main" tabIndex={-1}>
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href="#/">Back to organisations</a>
          </p>
        </main>
      );
  }
}

export function App() {
  const route = useRoute((s) => s.route);
  const { presenting, loaded } = usePresenting();
  const shown = useRef<string | null | undefined>(undefined);
  // Entering or leaving presenting redraws the screen from main's (re)filtered answers; focus goes to it.
  useEffect(() => {
    if (!loaded) return;
    const now = presenting?.orgId ?? null;
    if (shown.current !== undefined && shown.current !== now) document.getElementById('main')?.focus();
    shown.current = now;
  }, [loaded, presenting]);
  useEffect(() => {
    void loadPresenting();
    void safeCall(() => api.settings.status({})).then((r) => r.ok && applyTheme(r.value.theme));
    const onRejection = (e: PromiseRejectionEvent) => {
      reportError('unhandled', e.reason instanceof Error ? e.reason : new Error(String(e.reason)));
    };
    window.addEventListener('unhandledrejection', onRejection);
    return () => window.removeEventListener('unhandledrejection', onRejection);
  }, []);
  // What needs attention is re-read on every screen change (and presenting change), so the header never goes stale.
  useEffect(() => {
    void refreshAttention();
    // The chooser is for a window's first screen: going anywhere else is the engineer's answer.
    if (route.name !== 'orgs') markStartChosen();
  }, [route, presenting]);
  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <TopBar />
      <ProfileBanner />
      <ManagedBanner />
      <UpdatePrompt />
      {/* Nothing is drawn until main says whether the window presents one org: no flash of every org. */}
      <ErrorBoundary key={`${route.name}:${presenting?.orgId ?? ''}`}>{loaded && <Routes />}</ErrorBoundary>
      <StepUpDialog />
      <LiveRegion />
    </>
  );
}

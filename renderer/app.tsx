import { TopBar } from './components/layout/TopBar.js';
import { StepUpDialog } from './components/mfa/StepUpDialog.js';
import { AllConnectionsPage } from './pages/AllConnectionsPage.js';
import { AuditPage } from './pages/AuditPage.js';
import { IntegrationsPage } from './pages/IntegrationsPage.js';
import { OrgsPage } from './pages/OrgsPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { useRoute } from './state/route.js';

export function App() {
  const route = useRoute((s) => s.route);
  return (
    <>
      <TopBar />
      {route.name === 'orgs' && <OrgsPage />}
      {route.name === 'integrations' && <IntegrationsPage key={route.orgId} orgId={route.orgId} />}
      {route.name === 'settings' && <SettingsPage />}
      {route.name === 'connections' && <AllConnectionsPage />}
      {route.name === 'audit' && <AuditPage />}
      {route.name === 'not-found' && (
        <main className="page">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href="#/">Back to organisations</a>
          </p>
        </main>
      )}
      <StepUpDialog />
    </>
  );
}

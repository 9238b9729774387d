import { Field } from '../../common/Field.js';
import type { EstateCloud } from './use-estate.js';
import type { ScopeInputState } from './use-scope-input.js';

/** What each cloud's estate reading does, and the fields that name its scope (empty: the last connected). */
export function ScopeFields({ cloud, orgId, scope, disabled }: { cloud: EstateCloud; orgId: string; scope: ScopeInputState; disabled: boolean }) {
  const field = (name: string, label: string, placeholder: string, help: string) => (
    <Field label={label} placeholder={placeholder} help={help} value={scope.value(name)} problem={scope.problems[name]} onChange={(ev) => scope.set(name)(ev.target.value)} data-testid={`estate-${name}`} />
  );
  if (cloud === 'aws') {
    return (
      <p className="muted">
        Reads the AWS Organization through {orgId}'s primary AWS connection, which must be the management account, and compares it with what is connected. Reading needs no code; connecting needs one step-up.
      </p>
    );
  }
  if (cloud === 'azure') {
    return (
      <>
        <p className="muted">
          Lists every subscription below the management group with {orgId}'s Azure app (step 2 granted its roles at the group), and compares them with what is connected. Each is checked for the roles on its own and saved as its own connection. Reading needs no code; connecting needs one step-up.
        </p>
        <div className="inline-form">
          {field('tenantId', 'Tenant id', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'Empty: the tenant last connected from.')}
          {field('managementGroupId', 'Management group id', 'contoso-prod', 'Its id, not its display name. Empty: the group last connected from.')}
        </div>
      </>
    );
  }
  const org = scope.gcpParentKind === 'organization';
  return (
    <>
      <p className="muted">
        Lists every project below the organisation or folder (step 2 granted the read roles there), signing in through the workload identity pool in the project step 2 created it in, and compares them with what is connected. Each is checked for the roles on its own and saved as its own
        connection. Reading needs no code; connecting needs one step-up.
      </p>
      <fieldset className="choice" disabled={disabled}>
        <legend>Read</legend>
        <label>
          <input type="radio" name="estate-gcp-parent" checked={org} onChange={() => scope.setGcpParentKind('organization')} data-testid="estate-gcp-organization" /> An organisation
        </label>
        <label>
          <input type="radio" name="estate-gcp-parent" checked={!org} onChange={() => scope.setGcpParentKind('folder')} data-testid="estate-gcp-folder" /> A folder
        </label>
      </fieldset>
      <div className="inline-form">
        {field('gcpParent', org ? 'Organisation id' : 'Folder id', org ? '123456789012' : '3589215982', `A number (${org ? 'gcloud organizations list' : 'gcloud resource-manager folders list'}). Empty: the one last connected from.`)}
        {field('projectId', "Pool's project id", 'acme-security-hub', 'The project where step 2 created the pool. Empty: the one last connected through.')}
        {field('projectNumber', "Pool's project number", '483920174562', "Digits: gcloud projects describe <project-id> --format='value(projectNumber)'.")}
      </div>
    </>
  );
}

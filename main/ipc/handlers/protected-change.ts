import { AppError } from '../../../shared/domain/errors.js';
import { SETTINGS_BY_NAME } from '../../../shared/settings-schema.js';
import type { IntegrationStore } from '../../credentials/integration-store.js';
import type { MfaService } from '../../mfa/mfa-service.js';
import { AZURE_CLIENT_ID_SETTING } from '../../providers/azure/org-app.js';
import type { ImportPlan } from '../../profile/profile-service.js';
import { type ChangePrompt, LONGEST_SHOWN_VALUE, profileImportPrompt } from '../../settings/change-prompt.js';
import type { Settings } from '../../settings.js';
import type { CallerContext } from '../router.js';

/** What a protected change is called, why it is protected, and how to make it in a terminal. */
export interface ProtectedChange {
  readonly setting: string;
  readonly why: string;
  readonly terminal: string;
}

/**
 * A preference is written at once. Any other class is a trust decision: the value is checked
 * first (a typo never costs a code), then main itself shows what changes, from what to what,
 * through the caller's transport, and only then is the code spent — on this change alone.
 */
export async function confirmProtected(mfa: MfaService, what: ProtectedChange, code: string | undefined, caller: CallerContext, prompt: () => ChangePrompt): Promise<void> {
  if (code === undefined) {
    throw new AppError('step_up_required', `Changing ${what.setting} needs your step-up code: it is ${what.why}.`, 'Enter the current code from your authenticator app (CLI: add --otp CODE); the app then shows the change to confirm.', {
      details: { setting: what.setting },
      field: 'code',
    });
  }
  if (!caller.confirmChange) {
    throw new AppError('precondition_failed', `This window cannot show its own confirmation, so ${what.setting} cannot be changed from it.`, `Change it in a terminal: ${what.terminal}. Nothing was changed.`, {
      details: { setting: what.setting },
    });
  }
  if (!(await caller.confirmChange(prompt()))) {
    throw new AppError('cancelled', `The change to ${what.setting} was not confirmed, so nothing was changed.`, 'If you did not ask for this change, something else is driving the app: close it and check this laptop.');
  }
  await mfa.spend(code);
}

/**
 * The orgs the profile assigns whose AWS role name it sets, changes or drops: an identity decision,
 * as in Settings. An org the profile no longer assigns at all is no longer this engineer's to connect.
 */
function roleNameChanges(plan: ImportPlan): { orgId: string; before: string | undefined; after: string | undefined }[] {
  const orgs = [...plan.inspection.orgIds].sort();
  return orgs.filter((o) => plan.roleNames[o] !== plan.previousRoleNames[o]).map((orgId) => ({ orgId, before: plan.previousRoleNames[orgId], after: plan.roleNames[orgId] }));
}

/** One org whose Azure app a profile moves: the client ids as they apply before and after. */
export interface AzureAppChange {
  readonly orgId: string;
  readonly before: string;
  readonly after: string;
}

/**
 * The orgs with Azure connections whose app the profile sets, changes or drops: their token
 * requests and the customer's consent and role assignments move to another app, a trust decision.
 * "The global app" stands where an org has no app of its own, with the client id it has then.
 */
function azureAppChanges(plan: ImportPlan, settings: Settings, integrations: IntegrationStore): AzureAppChange[] {
  const orgs = new Set([...Object.keys(plan.azureApps), ...Object.keys(plan.previousAzureApps)]);
  const globalNow = () => {
    try {
      return settings.optional(AZURE_CLIENT_ID_SETTING)?.toLowerCase();
    } catch {
      return undefined;
    }
  };
  const outranksProfile = ['managed', 'environment'].includes(settings.resolve(AZURE_CLIENT_ID_SETTING).source);
  const globalAfter = outranksProfile ? globalNow() : (plan.settings[AZURE_CLIENT_ID_SETTING]?.toLowerCase() ?? settings.resolve(AZURE_CLIENT_ID_SETTING, { withoutProfile: true }).value?.toLowerCase());
  const shown = (own: string | undefined, global: string | undefined) => own ?? `the global app (${global ?? 'not set'})`;
  return [...orgs]
    .sort()
    .filter((o) => plan.azureApps[o] !== plan.previousAzureApps[o] && integrations.forOrgCloud('azure', o).length > 0)
    .map((orgId) => {
      // Shown by client id; with the object ids too when only the object id moves.
      const before = plan.previousAzureApps[orgId];
      const after = plan.azureApps[orgId];
      const client = (v: string | undefined) => v?.replace(/ \(object [^)]+\)$/, '');
      const full = client(before) === client(after);
      return { orgId, before: shown(full ? before : client(before), globalNow()), after: shown(full ? after : client(after), globalAfter) };
    });
}

/** The settings a profile sets, changes or drops whose class is not a preference. */
function protectedProfileChanges(plan: ImportPlan): string[] {
  const names = new Set([...Object.keys(plan.settings), ...Object.keys(plan.previous)]);
  return [...names].filter((name) => SETTINGS_BY_NAME.get(name)?.class !== 'preference' && plan.settings[name] !== plan.previous[name]).sort();
}

/**
 * The gate every profile import passes — from a file the window handed over, or fetched from the
 * platform by a sign-in the window may have steered: every value checked, then a new key to pin, a
 * protected setting, an org's role name, a connected org's Azure app or another engineer is shown by
 * main and costs a code.
 * A routine import that changes only preferences and orgs goes through at once.
 */
export function profileGate(d: { settings: Settings; mfa: MfaService; integrations: IntegrationStore }, code: string | undefined, caller: CallerContext, terminal: string): (plan: ImportPlan) => Promise<void> {
  return async (plan) => {
    // Every value is checked before a code is asked for: a profile cannot carry what Settings refuses.
    for (const [name, value] of Object.entries(plan.settings)) {
      const def = SETTINGS_BY_NAME.get(name);
      const problem = def && (d.settings.valueProblem(def, value) ?? (def.class !== 'preference' && value.length > LONGEST_SHOWN_VALUE ? `is ${value.length} characters long (a protected setting is at most ${LONGEST_SHOWN_VALUE}, so it can be shown whole)` : undefined));
      if (problem) throw new AppError('bad_request', `The profile sets ${name}, but its value ${problem}. Nothing was imported.`, 'Ask the platform team for a corrected profile.', { details: { setting: name, reason: 'invalid_setting' } });
    }
    const changed = protectedProfileChanges(plan);
    const roles = roleNameChanges(plan);
    const apps = azureAppChanges(plan, d.settings, d.integrations);
    // Who the app acts as — every later audit row names them — is not changed by a window alone.
    // The first profile on a laptop names the engineer for the first time (until now the app acted
    // as this computer's user): as much an identity decision as a change of engineer.
    const previousEngineer = plan.previousEngineer;
    const firstEngineer = previousEngineer === undefined;
    const otherEngineer = previousEngineer !== undefined && previousEngineer.email.toLowerCase() !== plan.inspection.engineer.email.toLowerCase() ? previousEngineer : undefined;
    const what = [
      ...changed,
      ...(roles.length ? [`the AWS role name of ${roles.length === 1 ? roles[0]!.orgId : `${roles.length} orgs`}`] : []),
      ...(apps.length ? [`the Azure app of ${apps.length === 1 ? apps[0]!.orgId : `${apps.length} orgs`} with Azure connections`] : []),
      ...(otherEngineer ? ['the engineer it is for'] : []),
      ...(firstEngineer ? ['the engineer the app acts as (the first platform profile on this laptop)'] : []),
    ];
    if (plan.inspection.trust !== 'first-use' && what.length === 0) return;
    await confirmProtected(
      d.mfa,
      { setting: 'the platform profile', why: plan.inspection.trust === 'first-use' ? 'a new platform key to trust, and every later profile must be signed by it' : `a profile that changes ${what.join(', ')}`, terminal },
      code,
      caller,
      () => profileImportPrompt({ ...plan.inspection, settings: plan.settings, previous: plan.previous, changed, roleChanges: roles, azureAppChanges: apps, previousEngineer: otherEngineer, firstEngineer }),
    );
  };
}

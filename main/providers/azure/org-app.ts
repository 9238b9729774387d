import { FEDERATED_CREDENTIALS_PER_APP } from '../../../shared/domain/azure.js';
import type { AzureApp } from '../../profile/profile-service.js';
import type { Settings } from '../../settings.js';
import type { ProfileView } from '../aws/org-identity.js';

export const AZURE_CLIENT_ID_SETTING = 'ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID';
export const AZURE_OBJECT_ID_SETTING = 'ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID';

/** What the engineer reads when the org's app holds more orgs than Entra has credential slots. */
export function overLimitWords(clientId: string, orgs: number): string {
  return `Your platform profile puts ${orgs} orgs on AlphaSwarm app ${clientId}, but Entra allows at most ${FEDERATED_CREDENTIALS_PER_APP} federated credentials per app: the credentials after the ${FEDERATED_CREDENTIALS_PER_APP}th cannot be created. Ask the platform team to assign this org to another app in your profile (azure_app_client_id and azure_app_object_id), then import it again.`;
}

/** An org's app, and where it came from (shown with its connections and in its artifacts). */
export interface OrgAzureApp extends AzureApp {
  readonly source: 'profile' | 'settings';
}

/** How full an app is, as far as this laptop's profile tells. */
export interface AppLoad {
  readonly clientId: string;
  /** The orgs the profile puts on this app (its own entries, and those that fall back to the global app). */
  readonly orgIds: readonly string[];
  readonly overLimit: boolean;
}

/**
 * Which of AlphaSwarm's Entra apps holds an org's federated credential. Entra allows
 * FEDERATED_CREDENTIALS_PER_APP per app, so the platform runs several and assigns each org to one in
 * the profile; an org without an app of its own uses the global setting's app.
 */
export class AzureOrgApps {
  constructor(
    private readonly settings: Settings,
    private readonly profiles: ProfileView,
  ) {}

  private own(orgId: string): AzureApp | undefined {
    return this.profiles.active()?.orgs.get(orgId)?.azureApp;
  }

  /** The client id the org's token requests use (all steps 3–5 need; the object id is only for artifacts). */
  clientIdFor(orgId: string): string {
    return this.own(orgId)?.clientId ?? this.settings.require(AZURE_CLIENT_ID_SETTING).toLowerCase();
  }

  /** The org's app: the profile's assignment, else the global setting (both ids required). */
  azureAppFor(orgId: string): OrgAzureApp {
    const own = this.own(orgId);
    if (own) return { ...own, source: 'profile' };
    return { clientId: this.settings.require(AZURE_CLIENT_ID_SETTING).toLowerCase(), objectId: this.settings.require(AZURE_OBJECT_ID_SETTING).toLowerCase(), source: 'settings' };
  }

  /** The org's app when it can be told (never throws: for lists and health). */
  tryAzureAppFor(orgId: string): OrgAzureApp | undefined {
    try {
      return this.azureAppFor(orgId);
    } catch {
      return undefined;
    }
  }

  /** The global app's client id, when set and valid. */
  private globalClientId(): string | undefined {
    try {
      return this.settings.optional(AZURE_CLIENT_ID_SETTING)?.toLowerCase();
    } catch {
      return undefined;
    }
  }

  /** The object id of an app known by its client id: the org's own, the global one, or any the profile names. */
  objectIdOf(clientId: string): string | undefined {
    const id = clientId.toLowerCase();
    // The global app's object id is the setting's alone, whatever an org entry pairs with its client
    // id (an org not yet connected must not move the app of those that are).
    if (this.globalClientId() === id) {
      try {
        return this.settings.optional(AZURE_OBJECT_ID_SETTING)?.toLowerCase();
      } catch {
        return undefined;
      }
    }
    for (const org of this.profiles.active()?.orgs.values() ?? []) if (org.azureApp?.clientId === id) return org.azureApp.objectId;
    return undefined;
  }

  /** How many of the profile's orgs share the org's app: over the limit, the last ones' credentials cannot be created. */
  loadOf(orgId: string): AppLoad | undefined {
    const app = this.tryAzureAppFor(orgId);
    const profile = this.profiles.active();
    if (!app || !profile) return undefined;
    const orgIds = this.orgsByApp(profile.jti).get(app.clientId) ?? [];
    return { clientId: app.clientId, orgIds, overLimit: orgIds.length > FEDERATED_CREDENTIALS_PER_APP };
  }

  /** Each app the profile's orgs use, with its orgs: for Settings, where the platform's assignment is seen whole. */
  appsInUse(): { clientId: string; global: boolean; orgIds: string[]; overLimit: boolean }[] {
    const profile = this.profiles.active();
    if (!profile) return [];
    const global = this.globalClientId();
    return [...this.orgsByApp(profile.jti)]
      .map(([clientId, orgIds]) => ({ clientId, global: clientId === global, orgIds: [...orgIds], overLimit: orgIds.length > FEDERATED_CREDENTIALS_PER_APP }))
      .sort((a, b) => Number(b.global) - Number(a.global) || a.clientId.localeCompare(b.clientId));
  }

  // A pack bootstraps thousands of orgs: the profile's orgs are grouped by app once per profile and global app.
  private grouped: { readonly key: string; readonly byApp: ReadonlyMap<string, readonly string[]> } | undefined;

  private orgsByApp(jti: string): ReadonlyMap<string, readonly string[]> {
    const global = this.globalClientId();
    const key = `${jti}|${global ?? ''}`;
    if (this.grouped?.key !== key) {
      const byApp = new Map<string, string[]>();
      for (const [orgId, org] of this.profiles.active()?.orgs ?? []) {
        const clientId = org.azureApp?.clientId ?? global;
        if (clientId === undefined) continue;
        const list = byApp.get(clientId);
        if (list) list.push(orgId);
        else byApp.set(clientId, [orgId]);
      }
      for (const list of byApp.values()) list.sort();
      this.grouped = { key, byApp };
    }
    return this.grouped.byApp;
  }
}

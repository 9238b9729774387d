/**
 * The customer's resource hierarchy as Cloud Resource Manager v3 models it: an organisation,
 * folders nested in it (at most ten deep, as Google allows), projects under either, and IAM grants
 * at any node inherited by everything below (a role granted at a folder holds on its projects).
 */
export interface FakeFolder {
  /** `folders/<number>`. */
  readonly name: string;
  parent: string;
  displayName: string;
  state: 'ACTIVE' | 'DELETE_REQUESTED';
}

export interface FakeOrganization {
  /** `organizations/<number>`. */
  readonly name: string;
  displayName: string;
}

/** Default and largest page sizes the fake uses (the reference leaves them to the server: "server picks an appropriate default"). */
export const SEARCH_PAGE = { default: 100, max: 500 } as const;
export const FOLDERS_PAGE = { default: 100, max: 100 } as const;

export class ResourceHierarchy {
  readonly organizations = new Map<string, FakeOrganization>();
  readonly folders = new Map<string, FakeFolder>();
  /** Grants at an organisation or folder: resource name → member → permissions. */
  readonly grants = new Map<string, Map<string, Set<string>>>();

  addOrganization(id: string, displayName = `org-${id}.example`): FakeOrganization {
    const org = { name: `organizations/${id}`, displayName };
    this.organizations.set(org.name, org);
    return org;
  }

  addFolder(id: string, parent: string, displayName = `Folder ${id}`): FakeFolder {
    if (!this.exists(parent)) throw new Error(`no parent ${parent}`);
    const folder: FakeFolder = { name: `folders/${id}`, parent, displayName, state: 'ACTIVE' };
    this.folders.set(folder.name, folder);
    return folder;
  }

  exists(resource: string): boolean {
    return this.organizations.has(resource) || this.folders.has(resource);
  }

  grantAt(resource: string, member: string, permissions: readonly string[]): void {
    const byMember = this.grants.get(resource) ?? new Map<string, Set<string>>();
    const set = byMember.get(member) ?? new Set<string>();
    for (const p of permissions) set.add(p);
    byMember.set(member, set);
    this.grants.set(resource, byMember);
  }

  /** The resource and every ancestor, nearest first (a cycle or a missing parent ends the line). */
  line(resource: string | undefined): string[] {
    const out: string[] = [];
    let at = resource;
    while (at !== undefined && !out.includes(at)) {
      out.push(at);
      at = this.folders.get(at)?.parent;
      if (at !== undefined && !this.exists(at)) break;
    }
    return out;
  }

  /** What a member holds on a resource through grants on it and every ancestor. */
  inherited(resource: string | undefined, member: string): Set<string> {
    const held = new Set<string>();
    for (const r of this.line(resource)) for (const p of this.grants.get(r)?.get(member) ?? []) held.add(p);
    return held;
  }

  clear(): void {
    this.organizations.clear();
    this.folders.clear();
    this.grants.clear();
  }
}

/** An opaque page token that names the query it belongs to, so a token from another query is refused. */
export function pageToken(query: string, offset: number): string {
  return Buffer.from(JSON.stringify({ q: query, o: offset })).toString('base64url');
}

export function readPageToken(query: string, token: string | null): number | undefined {
  if (token === null || token === '') return 0;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { q?: unknown; o?: unknown };
    return v.q === query && typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 ? v.o : undefined;
  } catch {
    return undefined;
  }
}

/** pageSize as Google reads it: absent or 0 is the default, above the largest is capped, negative is refused. */
export function readPageSize(raw: string | null, page: { default: number; max: number }): number | undefined {
  if (raw === null || raw === '') return page.default;
  if (!/^-?\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  if (n < 0) return undefined;
  return n === 0 ? page.default : Math.min(n, page.max);
}

/**
 * A projects.search query, as far as the reference documents it: `field:value` terms (case
 * insensitive; a trailing `*` matches a prefix), fields parent, parent.type, parent.id, id /
 * projectId, name / displayName, state / lifecycleState. Several fields match any of them, as the
 * reference says. Undefined for a query it cannot read.
 */
export function parseProjectQuery(query: string): ((p: { parent: string; projectId: string; displayName: string; state: string }) => boolean) | undefined {
  const terms = query.trim() === '' ? [] : query.trim().split(/\s+/);
  const tests: ((p: { parent: string; projectId: string; displayName: string; state: string }) => boolean)[] = [];
  for (const term of terms) {
    const m = /^([A-Za-z.]+):(.+)$/.exec(term);
    if (!m) return undefined;
    const field = m[1]!.toLowerCase();
    const want = m[2]!.toLowerCase();
    const match = (value: string) => (want.endsWith('*') ? value.toLowerCase().startsWith(want.slice(0, -1)) : value.toLowerCase() === want);
    switch (field) {
      case 'parent':
        tests.push((p) => match(p.parent) || (want.endsWith('/*') && p.parent.toLowerCase().startsWith(want.slice(0, -1))));
        break;
      case 'parent.type':
        tests.push((p) => match(p.parent.split('/')[0]!.replace(/s$/, '')));
        break;
      case 'parent.id':
        tests.push((p) => match(p.parent.split('/')[1] ?? ''));
        break;
      case 'id':
      case 'projectid':
        tests.push((p) => match(p.projectId));
        break;
      case 'name':
      case 'displayname':
        tests.push((p) => match(p.displayName));
        break;
      case 'state':
      case 'lifecyclestate':
        tests.push((p) => match(p.state));
        break;
      default:
        return undefined;
    }
  }
  return (p) => tests.length === 0 || tests.some((t) => t(p));
}

import { z } from 'zod';
import { readGrowingQueue, stripControl } from '../scope-tree-read.js';
import { AppError } from '../../../shared/domain/errors.js';
import { projectIdProblem } from '../../../shared/domain/gcp.js';
import type { EstateAccount, ScopeNode } from '../../../shared/ipc/estate-schemas.js';

/** Google's limits: folders nest at most ten deep; far more projects than any estate we read. */
const MAX_PROJECTS = 10_000;
const MAX_FOLDERS = 2_000;
const MAX_DEPTH = 11;
const MAX_PAGES_PER_LISTING = 600;
/** Every listing of one read together: a service answering empty pages with fresh tokens ends here. */
const MAX_PAGES_PER_READ = 5_000;
/** Asked for on each page (Google may answer fewer, and caps what it allows). */
export const SEARCH_PAGE_SIZE = 500;
export const FOLDERS_PAGE_SIZE = 100;

const FOLDER_NAME = /^folders\/[1-9]\d{0,18}$/;
const PROJECT_NUMBER_NAME = /^projects\/([1-9]\d{0,18})$/;

// Resource Manager v3 answers, as far as the tree reads them (other members ignored).
export const searchProjectsPage = z.object({
  projects: z.array(z.object({ name: z.string(), projectId: z.string(), displayName: z.string().optional(), state: z.string().optional(), parent: z.string().optional() })).optional(),
  nextPageToken: z.string().optional(),
});
export const listFoldersPage = z.object({
  folders: z.array(z.object({ name: z.string(), displayName: z.string().optional(), state: z.string().optional(), parent: z.string().optional() })).optional(),
  nextPageToken: z.string().optional(),
});
export const namedResource = z.object({ name: z.string(), displayName: z.string().optional() });

/** One Resource Manager GET: the path (with its query) and the schema of the answer. */
export type CrmGet = <T extends z.ZodType>(pathAndQuery: string, schema: T) => Promise<z.output<T>>;

interface MutableNode {
  kind: 'organization' | 'folder';
  id: string;
  name: string;
  depth: number;
  children: MutableNode[];
  accounts: EstateAccount[];
}

/** The organisation's or folder's tree, and each project's number (the connection needs both id and number). */
export interface ProjectTree {
  readonly root: ScopeNode;
  readonly numbers: ReadonlyMap<string, string>;
  /** Listed items left out (an id that is not one, one seen twice, one under another parent), said to the engineer. */
  readonly ignoredItems: number;
}

function stopped(why: string): AppError {
  return new AppError('cloud_error', `Cloud Resource Manager did not finish describing the folders and projects: ${why}, so the reading was stopped.`, 'Retry later; if it keeps happening, connect the projects from a pasted list instead (connect gcp --project id:number …).');
}

/** Every page of one listing: bounded, and stopped when the service repeats a page token. */
async function allPages<T>(fetch: (token: string | undefined) => Promise<{ items: readonly T[]; next: string | undefined }>, signal: AbortSignal | undefined, budget: { pages: number }): Promise<T[]> {
  const out: T[] = [];
  const tokens = new Set<string>();
  let next: string | undefined;
  let pages = 0;
  do {
    signal?.throwIfAborted();
    if (++pages > MAX_PAGES_PER_LISTING) throw stopped(`one listing was still paging after ${MAX_PAGES_PER_LISTING} pages`);
    if (++budget.pages > MAX_PAGES_PER_READ) throw stopped(`it was still paging after ${MAX_PAGES_PER_READ} pages in all`);
    const page = await fetch(next);
    out.push(...page.items);
    next = page.next || undefined;
    if (next !== undefined) {
      if (tokens.has(next)) throw stopped('it returned a page token it had already given (the listing would never end)');
      tokens.add(next);
    }
  } while (next);
  return out;
}

const statusOf = (state: string | undefined): EstateAccount['status'] => (state === 'ACTIVE' ? 'active' : state === 'DELETE_REQUESTED' ? 'closing' : 'unknown');

/**
 * The tree below an organisation or a folder: for each node its folders (folders.list) and the
 * projects directly under it (projects.search, `parent:<node>`), every page, `concurrency` nodes
 * at a time. Read-only calls. A project id that is not one, a project or folder seen twice, or a
 * project whose parent is not the node asked about is dropped; names are data.
 */
export async function readProjectTree(get: CrmGet, parent: string, concurrency: number, signal: AbortSignal | undefined): Promise<ProjectTree> {
  const top = await get(`/v3/${parent}`, namedResource);
  const kind = parent.startsWith('organizations/') ? 'organization' : 'folder';
  const root: MutableNode = { kind, id: parent, name: stripControl(top.displayName ?? '').slice(0, 256) || parent, depth: 0, children: [], accounts: [] };
  const numbers = new Map<string, string>();
  const seenFolders = new Set<string>([parent]);
  const queue: MutableNode[] = [root];
  let ignoredItems = 0;
  const budget = { pages: 0 };

  const readNode = async (node: MutableNode) => {
    const [folders, projects] = await Promise.all([
      allPages(async (token) => {
        const q = new URLSearchParams({ parent: node.id, pageSize: String(FOLDERS_PAGE_SIZE), ...(token ? { pageToken: token } : {}) });
        const page = await get(`/v3/folders?${q.toString()}`, listFoldersPage);
        return { items: page.folders ?? [], next: page.nextPageToken };
      }, signal, budget),
      allPages(async (token) => {
        const q = new URLSearchParams({ query: `parent:${node.id}`, pageSize: String(SEARCH_PAGE_SIZE), ...(token ? { pageToken: token } : {}) });
        const page = await get(`/v3/projects:search?${q.toString()}`, searchProjectsPage);
        return { items: page.projects ?? [], next: page.nextPageToken };
      }, signal, budget),
    ]);
    for (const p of projects) {
      const number = PROJECT_NUMBER_NAME.exec(p.name)?.[1];
      if (!number || projectIdProblem(p.projectId) !== undefined || numbers.has(p.projectId) || (p.parent !== undefined && p.parent !== node.id)) {
        ignoredItems += 1;
        continue;
      }
      if (numbers.size >= MAX_PROJECTS) throw stopped(`it listed more than ${MAX_PROJECTS} projects`);
      numbers.set(p.projectId, number);
      node.accounts.push({ id: p.projectId, name: stripControl(p.displayName ?? '').slice(0, 256) || p.projectId, status: statusOf(p.state) });
    }
    for (const f of folders) {
      if (f.state === 'DELETE_REQUESTED') continue;
      if (!FOLDER_NAME.test(f.name) || seenFolders.has(f.name)) {
        ignoredItems += 1;
        continue;
      }
      if (seenFolders.size > MAX_FOLDERS) throw stopped(`it listed more than ${MAX_FOLDERS} folders`);
      if (node.depth + 1 >= MAX_DEPTH) throw stopped(`its folders nest deeper than Google allows (${MAX_DEPTH - 1} levels)`);
      seenFolders.add(f.name);
      const child: MutableNode = { kind: 'folder', id: f.name, name: stripControl(f.displayName ?? '').slice(0, 256) || f.name, depth: node.depth + 1, children: [], accounts: [] };
      node.children.push(child);
      queue.push(child);
    }
  };

  await readGrowingQueue(queue, concurrency, readNode, () => stopped('a listing failed'));
  return { root: sortTree(root), numbers, ignoredItems };
}

/** Folders by name and projects by name, then id: the same estate always reads the same. */
function sortTree(node: MutableNode): ScopeNode {
  return {
    kind: node.kind,
    id: node.id,
    name: node.name,
    children: [...node.children].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).map(sortTree),
    accounts: [...node.accounts].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
  };
}

const folderResource = z.object({ name: z.string(), parent: z.string().optional() });

/**
 * The chain above a resource, nearest first, as far as AlphaSwarm may read it: each folder's
 * parent comes from folders.get on that folder; a folder it may not read ends the chain there.
 */
async function ancestry(get: CrmGet, start: string | undefined, mustReadStart = false): Promise<string[]> {
  const chain: string[] = [];
  let at = start;
  while (at !== undefined && chain.length <= MAX_DEPTH) {
    chain.push(at);
    if (!FOLDER_NAME.test(at)) break;
    try {
      at = (await get(`/v3/${at}`, folderResource)).parent;
    } catch (error) {
      // The folder asked for must be readable (its refusal says what to grant); one above it need not be.
      if (mustReadStart && chain.length === 1) throw error;
      break;
    }
  }
  return chain;
}

/**
 * The organisation or folder read must belong with the pool's project: one customer's pool never
 * connects another customer's projects, whatever number is typed. Confirmed when the parent is
 * above the pool's project, or when both reach the same organisation; otherwise refused.
 */
export async function confirmSameEstate(get: CrmGet, pool: { readonly projectId: string; readonly projectNumber: string }, parent: string): Promise<void> {
  const poolProjectId = pool.projectId;
  const q = new URLSearchParams({ query: `id:${poolProjectId}`, pageSize: '1' });
  const found = (await get(`/v3/projects:search?${q.toString()}`, searchProjectsPage)).projects?.find((p) => p.projectId === poolProjectId);
  // The id placed and the number signed in with must be one project (fifteenth review O-G1).
  if (found && found.name !== `projects/${pool.projectNumber}`) {
    throw new AppError('bad_request', `Project ${poolProjectId} is number ${found.name.replace('projects/', '')}, not ${pool.projectNumber}: the pool's project id and number must be the same project. Nothing was read or connected.`, "Give the pool's project (step 2's project) by its own id and number: gcloud projects describe <id> --format='value(projectNumber)'.", {
      field: 'projectNumber',
      details: { poolProject: poolProjectId },
    });
  }
  const poolChain = await ancestry(get, found?.parent);
  if (poolChain.includes(parent)) return;
  const poolOrg = poolChain.find((r) => r.startsWith('organizations/'));
  const parentOrg = (await ancestry(get, parent, true)).find((r) => r.startsWith('organizations/'));
  if (poolOrg !== undefined && poolOrg === parentOrg) return;
  const words = parent.startsWith('organizations/') ? `organisation ${parent.split('/')[1]}` : `folder ${parent.split('/')[1]}`;
  throw new AppError(
    'cloud_denied',
    `AlphaSwarm could not confirm that ${words} belongs with the pool's project ${poolProjectId} (${poolOrg ? `which is in ${poolOrg.replace('organizations/', 'organisation ')}` : 'whose organisation it cannot see'}${parentOrg ? `; the ${parent.startsWith('folders/') ? 'folder is in ' + parentOrg.replace('organizations/', 'organisation ') : 'organisation is another'}` : ''}). A pool never connects another organisation's projects, so nothing was read or connected.`,
    "Check the organisation or folder number and the pool's project (step 2's project). Both must be in the customer's own organisation; if they are, grant the read roles (roles/browser among them) on the folders between them, then scan again.",
    { details: { parent, poolProject: poolProjectId, ...(poolOrg ? { poolOrganization: poolOrg } : {}), ...(parentOrg ? { parentOrganization: parentOrg } : {}) } },
  );
}

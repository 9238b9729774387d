import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type CrmGet, readProjectTree } from '../../main/providers/gcp/project-tree.js';

type Answer = Record<string, unknown>;

/** A Resource Manager that answers from a table of path → pages (checked with the reader's own schemas). */
function crm(table: Record<string, Answer | Answer[]>): { get: CrmGet; asked: string[] } {
  const asked: string[] = [];
  const get: CrmGet = <T extends z.ZodType>(pathAndQuery: string, schema: T) => {
    asked.push(pathAndQuery);
    const url = new URL(pathAndQuery, 'http://crm');
    const key = url.pathname === '/v3/folders' ? `folders?parent=${url.searchParams.get('parent')}` : url.pathname === '/v3/projects:search' ? `search?${url.searchParams.get('query')}` : url.pathname;
    const entry = table[key] ?? {};
    const pages = Array.isArray(entry) ? entry : [entry];
    const token = url.searchParams.get('pageToken');
    const index = token === null ? 0 : Number(token.replace('p', ''));
    return Promise.resolve(schema.parse(pages[index] ?? {}));
  };
  return { get, asked };
}

const project = (id: string, number: string, parent: string, displayName?: string, state = 'ACTIVE') => ({ name: `projects/${number}`, projectId: id, parent, state, ...(displayName === undefined ? {} : { displayName }) });

describe('GCP estate: the tree below an organisation or folder', () => {
  it('folders and projects at every level, every page, sorted by name; the numbers kept for connecting', async () => {
    const { get, asked } = crm({
      '/v3/organizations/100': { name: 'organizations/100', displayName: 'acme.example' },
      'folders?parent=organizations/100': [{ folders: [{ name: 'folders/2', displayName: 'Zeta', parent: 'organizations/100' }], nextPageToken: 'p1' }, { folders: [{ name: 'folders/1', displayName: 'Alpha', parent: 'organizations/100' }] }],
      'search?parent:organizations/100': { projects: [project('root-proj-1', '901', 'organizations/100', 'Root')] },
      'search?parent:folders/1': [{ projects: [project('alpha-proj-2', '902', 'folders/1', 'b')], nextPageToken: 'p1' }, { projects: [project('alpha-proj-1', '903', 'folders/1', 'a')] }],
      'search?parent:folders/2': { projects: [project('zeta-proj-1', '904', 'folders/2', 'z', 'DELETE_REQUESTED')] },
    });
    const tree = await readProjectTree(get, 'organizations/100', 8, undefined);
    expect(tree.root).toMatchObject({ kind: 'organization', id: 'organizations/100', name: 'acme.example' });
    expect(tree.root.children.map((c) => c.name)).toEqual(['Alpha', 'Zeta']);
    expect(tree.root.children[0]!.accounts.map((a) => a.id)).toEqual(['alpha-proj-1', 'alpha-proj-2']);
    expect(tree.root.children[1]!.accounts[0]).toEqual({ id: 'zeta-proj-1', name: 'z', status: 'closing' });
    expect([...tree.numbers]).toEqual(expect.arrayContaining([['alpha-proj-1', '903'], ['zeta-proj-1', '904'], ['root-proj-1', '901']]));
    // Each node's search asks for its direct children only, with the page size asked for.
    expect(asked.filter((a) => a.startsWith('/v3/projects:search')).every((a) => /query=parent%3A(organizations|folders)%2F\d+&pageSize=500/.test(a))).toBe(true);
  });

  it('names are data: control and bidi characters go; odd ids, a project twice, one of another parent and a deleted folder are dropped', async () => {
    const { get } = crm({
      '/v3/folders/7': { name: 'folders/7', displayName: 'Ops\u202e\u0007' },
      'folders?parent=folders/7': { folders: [{ name: 'folders/8', displayName: 'Gone', state: 'DELETE_REQUESTED' }, { name: 'folders/x', displayName: 'Odd' }] },
      'search?parent:folders/7': {
        projects: [
          project('good-proj-1', '1', 'folders/7', '\u001b[31mred\u001b[0m name'),
          project('good-proj-1', '2', 'folders/7', 'twice'),
          project('Bad_Id', '3', 'folders/7'),
          project('other-proj-1', '4', 'folders/99'),
          { name: 'projects/not-a-number', projectId: 'nonum-proj', parent: 'folders/7' },
        ],
      },
    });
    const tree = await readProjectTree(get, 'folders/7', 2, undefined);
    expect(tree.root.name).toBe('Ops');
    expect(tree.root.children).toEqual([]);
    expect(tree.root.accounts).toEqual([{ id: 'good-proj-1', name: '[31mred [0m name', status: 'active' }]);
    expect([...tree.numbers]).toEqual([['good-proj-1', '1']]);
  });

  it('a page token given twice stops the reading with what to do', async () => {
    const { get } = crm({
      '/v3/folders/7': { name: 'folders/7' },
      'search?parent:folders/7': [{ projects: [], nextPageToken: 'p0' }],
    });
    await expect(readProjectTree(get, 'folders/7', 2, undefined)).rejects.toThrow(/returned a page token it had already given/);
  });
});

describe('fourteenth review: nothing is left out without a count, and no read pages forever', () => {
  it('N-G4 a domain-scoped project is read; a malformed, doubled or misplaced item is counted as left out', async () => {
    const { get } = crm({
      '/v3/organizations/100': { name: 'organizations/100', displayName: 'acme.example' },
      'search?parent:organizations/100': {
        projects: [
          project('example.com:legacy-app', '905', 'organizations/100'),
          project('NOT A PROJECT', '906', 'organizations/100'),
          project('good-proj-1', '907', 'organizations/100'),
          project('good-proj-1', '908', 'organizations/100'),
          project('moved-proj-1', '909', 'folders/77'),
        ],
      },
    });
    const tree = await readProjectTree(get, 'organizations/100', 8, undefined);
    expect([...tree.numbers.keys()].sort()).toEqual(['example.com:legacy-app', 'good-proj-1']);
    expect(tree.ignoredItems).toBe(3);
  });

  it('N-G3 empty pages with fresh tokens under many folders end the read with a clear error, not millions of calls', async () => {
    let calls = 0;
    const get = (<T extends z.ZodType>(pathAndQuery: string, schema: T) => {
      calls += 1;
      const url = new URL(pathAndQuery, 'http://crm');
      if (url.pathname.startsWith('/v3/organizations/')) return Promise.resolve(schema.parse({ name: 'organizations/1' }));
      // Each listing ends after 100 empty pages (under the 600 one listing may take): 122 listings together go far past the budget.
      const page = Number(url.searchParams.get('pageToken')?.slice(1) ?? '0') + 1;
      const next = page < 100 ? { nextPageToken: `t${page}` } : {};
      const parent = url.searchParams.get('parent');
      if (url.pathname === '/v3/folders' && parent === 'organizations/1' && !url.searchParams.get('pageToken')) {
        return Promise.resolve(schema.parse({ folders: Array.from({ length: 60 }, (_, i) => ({ name: `folders/${1000 + i}`, parent })), ...next }));
      }
      return Promise.resolve(schema.parse(next));
    }) as CrmGet;
    const read = (await readProjectTree(get, 'organizations/1', 8, undefined).catch((e: unknown) => e)) as Error & { code?: string };
    expect(read.code).toBe('cloud_error');
    expect(read.message).toContain('still paging after 5000 pages in all');
    expect(calls).toBeLessThan(5_100);
  });
});

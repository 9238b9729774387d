import { describe, expect, it } from 'vitest';
import { ResourceHierarchy, SEARCH_PAGE, pageToken, parseProjectQuery, readPageSize, readPageToken } from '../fakes/gcp/hierarchy.js';

// The GCP fake's organisation and folders: inheritance and the documented query and paging rules.
describe('GCP fake: resource hierarchy', () => {
  it('a grant at the organisation or a folder holds on everything below it, not above or beside', () => {
    const h = new ResourceHierarchy();
    h.addOrganization('100');
    h.addFolder('200', 'organizations/100');
    h.addFolder('201', 'folders/200');
    h.addFolder('300', 'organizations/100');
    h.grantAt('folders/200', 'serviceAccount:a', ['resourcemanager.projects.get']);
    h.grantAt('organizations/100', 'serviceAccount:a', ['resourcemanager.folders.list']);
    expect([...h.inherited('folders/201', 'serviceAccount:a')].sort()).toEqual(['resourcemanager.folders.list', 'resourcemanager.projects.get']);
    expect([...h.inherited('folders/300', 'serviceAccount:a')]).toEqual(['resourcemanager.folders.list']);
    expect([...h.inherited('organizations/100', 'serviceAccount:b')]).toEqual([]);
    expect(h.line('folders/201')).toEqual(['folders/201', 'folders/200', 'organizations/100']);
  });

  it('projects.search queries: parent, parent.id, projectId prefix, any of several fields; unknown fields refused', () => {
    const p = { parent: 'folders/200', projectId: 'web-prod-1', displayName: 'Web', state: 'ACTIVE' };
    expect(parseProjectQuery('parent:folders/200')!(p)).toBe(true);
    expect(parseProjectQuery('PARENT:FOLDERS/200')!(p)).toBe(true);
    expect(parseProjectQuery('parent:folders/201')!(p)).toBe(false);
    expect(parseProjectQuery('parent.id:200')!(p)).toBe(true);
    expect(parseProjectQuery('parent.type:folder')!(p)).toBe(true);
    expect(parseProjectQuery('id:web*')!(p)).toBe(true);
    expect(parseProjectQuery('parent:folders/9 id:web-prod-1')!(p)).toBe(true);
    expect(parseProjectQuery('')!(p)).toBe(true);
    expect(parseProjectQuery('ancestor:folders/1')).toBeUndefined();
    expect(parseProjectQuery('parent folders/1')).toBeUndefined();
  });

  it('pages: the default and the cap, opaque tokens bound to their query', () => {
    expect(readPageSize(null, SEARCH_PAGE)).toBe(SEARCH_PAGE.default);
    expect(readPageSize('0', SEARCH_PAGE)).toBe(SEARCH_PAGE.default);
    expect(readPageSize('100000', SEARCH_PAGE)).toBe(SEARCH_PAGE.max);
    expect(readPageSize('-1', SEARCH_PAGE)).toBeUndefined();
    expect(readPageSize('ten', SEARCH_PAGE)).toBeUndefined();
    const token = pageToken('parent:folders/1', 50);
    expect(readPageToken('parent:folders/1', token)).toBe(50);
    expect(readPageToken('parent:folders/2', token)).toBeUndefined();
    expect(readPageToken('parent:folders/1', 'garbage!')).toBeUndefined();
    expect(readPageToken('parent:folders/1', null)).toBe(0);
  });
});

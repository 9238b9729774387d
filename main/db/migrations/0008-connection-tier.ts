import type { Migration } from '../migration.js';

/**
 * Each connection's permission tier (issue 21). Connections saved before tiers were checked at
 * what is now `standard` (ReadOnlyAccess, Reader, roles/viewer), so existing rows are standard.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'connection-tier',
  up: `
    ALTER TABLE integration_store ADD COLUMN tier TEXT NOT NULL DEFAULT 'standard'
      CHECK (tier IN ('core', 'standard', 'security-audit'));
  `,
};

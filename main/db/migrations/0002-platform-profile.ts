import type { Migration } from '../migration.js';

/**
 * Platform profiles (each imported JWS, verified at import; the newest by `iat` is the one in use)
 * and the keys pinned to verify them (trust on first use, when no key is configured).
 */
export const migration0002: Migration = {
  version: 2,
  name: 'platform-profile',
  up: `
    CREATE TABLE platform_profiles (
      jti            TEXT PRIMARY KEY,
      iat            INTEGER NOT NULL,
      exp            INTEGER NOT NULL,
      kid            TEXT NOT NULL,
      engineer_email TEXT NOT NULL,
      jws            TEXT NOT NULL,
      payload        TEXT NOT NULL,
      imported_at    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX platform_profiles_iat ON platform_profiles(iat);

    CREATE TABLE pinned_keys (
      purpose   TEXT NOT NULL,
      kid       TEXT NOT NULL,
      jwk       TEXT NOT NULL,
      how       TEXT NOT NULL,
      pinned_at TEXT NOT NULL,
      PRIMARY KEY (purpose, kid)
    ) STRICT;
  `,
};

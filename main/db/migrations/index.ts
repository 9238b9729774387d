import type { Migration } from '../migration.js';
import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-platform-profile.js';
import { migration0003 } from './0003-many-connections.js';
import { migration0004 } from './0004-audit-checkpoints.js';
import { migration0005 } from './0005-database-identity.js';
import { migration0006 } from './0006-identity-append-only.js';
import { migration0007 } from './0007-no-replace.js';
import { migration0008 } from './0008-connection-tier.js';
import { migration0009 } from './0009-platform-delivery.js';
import { migration0010 } from './0010-estate-selections.js';
import { migration0011 } from './0011-health-runs.js';

/** Numbered, append-only: a released migration is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011];

import type { Migration } from '../migration.js';
import { migration0001 } from './0001-initial.js';

/** Numbered, append-only: a released migration is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [migration0001];

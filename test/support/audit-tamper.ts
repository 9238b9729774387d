import type { Database } from 'better-sqlite3';

/**
 * What an attacker does first and undoes last: every trigger dropped, the change made, and the
 * triggers put back exactly as they were (same names, same SQL).
 */
export function withoutTriggers(db: Database, change: () => void): void {
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
  db.transaction(() => {
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
    change();
    for (const t of triggers) db.exec(t.sql);
  })();
}

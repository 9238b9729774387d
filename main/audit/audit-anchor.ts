import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { PLATFORM_ORG_ID } from '../../shared/domain/org-id.js';
import type { AuditVerification } from '../../shared/domain/audit.js';
import type { DeviceKey } from '../bundles/device-key.js';
import { AUDIT_MARK_PREFIX, type KeyVault } from '../credentials/keychain.js';
import { JwsRejected, verifyStrictJws } from '../jws/verify-jws.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { APPEND_ONLY_TRIGGERS, APPEND_ONLY_TRIGGER_SQL, type AuditLog, normalizeSql } from './audit-log.js';

export const CHECKPOINT_TYP = 'alphaswarm-audit-checkpoint+jws';
/** A checkpoint is signed once this many rows were written since the last one (and at exports). */
export const CHECKPOINT_EVERY_ROWS = 50;

/** What a checkpoint signs: how long the log was and how it ended, and the checkpoint before it. */
export interface CheckpointPayload {
  readonly n: number;
  readonly rowCount: number;
  readonly lastSeq: number;
  readonly head: string;
  readonly time: string;
  /** SHA-256 of the previous checkpoint's JWS ("genesis" for the first): deleting one breaks the next. */
  readonly prev: string;
}

export interface Checkpoint extends CheckpointPayload {
  readonly jws: string;
}

interface Row {
  n: number;
  row_count: number;
  last_seq: number;
  head: string;
  time: string;
  jws: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Tables whose rows show a database was used: a new database has none. A log emptied while any of
 * them kept rows is a wiped log (a finding), never a new database. Every other table is in
 * NOT_A_SIGN_OF_USE with the reason; a test holds every table to one list or the other.
 */
export const USED_IF_ANY_ROW = ['audit_log', 'audit_checkpoints', 'integration_store', 'pinned_keys', 'platform_profiles', 'secrets', 'cleanup_items', 'wizard_drafts', 'platform_outbox', 'platform_enrolment', 'estate_selections', 'estate_scans', 'health_runs'] as const;
export const NOT_A_SIGN_OF_USE: Readonly<Record<string, string>> = {
  database_identity: 'written when the database is created',
  sqlite_sequence: "SQLite's own counters",
  orgs: 'holds the platform tenant from creation: any other org counts (in the sum)',
  mfa_state: 'holds its one row from creation: an enrolment, a used code or a failure counts (in the sum)',
};

/**
 * A row in the checkpoint series that is not a signature: "Reset local vault" dropped the device
 * key that signed the checkpoints before it, so they can no longer be checked. The keychain record
 * names it too, so a retirement written without keychain access is itself a finding.
 */
const RETIRED = 'retired';

interface Mark {
  readonly n: number;
  /** The latest retirement the keychain knows of (0: none). */
  readonly retired?: number;
  /** Which database the record is about (database_identity): another one at this path is a finding. */
  readonly db?: string;
  /**
   * SHA-256 of checkpoint n's JWS: binds the record to a signature only the device key can make,
   * so no row the database holds (its identity included) can make the record match another log.
   */
  readonly cp?: string;
  /**
   * SHA-256 of the last checkpoint the record named before "Reset local vault" retired the key
   * that signed it: that checkpoint can no longer be checked by signature, but this hash (which
   * only the keychain holds) still authenticates its text, so what it covered stays checked.
   */
  readonly retiredCp?: string;
}

/** A record as written: every field but the retired checkpoint's hash, which only a retirement sets. */
type WrittenMark = Required<Omit<Mark, 'retiredCp'>> & Pick<Mark, 'retiredCp'>;

/** What the keychain says about this log: its record, none, or nothing can be asked (no keychain). */
type MarkRead = { readonly kind: 'mark'; readonly mark: Mark } | { readonly kind: 'none' } | { readonly kind: 'unavailable' };

class CheckpointRace extends Error {}

/**
 * Anchors the audit chain on this laptop. The chain alone proves rows were not edited in place;
 * it cannot tell a shortened or wholly rewritten log from a genuine one. A checkpoint — row count,
 * last seq and head hash, signed with the device key (Ed25519, private half in the keychain-backed
 * store) — can: `verify` checks the chain against the latest checkpoint, each checkpoint against
 * the one before, the number of the latest against the one the OS keychain remembers, and that the
 * append-only triggers are still there. What a local attacker who can also read the keychain can
 * still do is written down in docs/SECURITY.md.
 */
export class AuditAnchor {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly deviceKey: DeviceKey,
    private readonly vault: KeyVault,
    /** The keychain entry holding the number of the latest checkpoint, per data folder. */
    private readonly markAccount: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  private rows(): Row[] {
    return this.db.prepare('SELECT n, row_count, last_seq, head, time, jws FROM audit_checkpoints ORDER BY n').all() as Row[];
  }

  latest(): Checkpoint | undefined {
    const row = this.db.prepare('SELECT n, row_count, last_seq, head, time, jws FROM audit_checkpoints ORDER BY n DESC LIMIT 1').get() as Row | undefined;
    return row ? toCheckpoint(row) : undefined;
  }

  /** Rows written since the latest checkpoint. */
  behind(): number {
    const last = this.latest()?.lastSeq ?? 0;
    return this.db.prepare('SELECT count(*) FROM audit_log WHERE seq > ?').pluck().get(last) as number;
  }

  /**
   * Sign a checkpoint of the log as it is now, unless the latest one already covers it. Refuses to
   * anchor a log that does not verify — against its chain and its checkpoints: signing a cut or
   * rewritten log would bless the damage.
   */
  checkpoint(): Promise<Checkpoint> {
    // One at a time in this process (the periodic one and an export's may overlap); another
    // process (the CLI beside the app) taking the same number is retried against its result.
    const run = this.queue.then(() => this.checkpointNow(3));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private queue: Promise<unknown> = Promise.resolve();

  private async checkpointNow(attempts: number): Promise<Checkpoint> {
    // The first signature makes the device key, and its creation is a row: it must be in the log
    // before the log is read, or the checkpoint would end before a row written while it was signed.
    await this.deviceKey.info();
    const verified = await this.verify();
    if (!verified.ok) throw new AuditTampered(verified);
    const chain = verified;
    const previous = this.latest();
    const retired = previous?.jws === RETIRED;
    if (previous && !retired && previous.lastSeq >= chain.verifiedThrough) return previous;
    // A checkpoint of no rows anchors nothing, and a later reading would take it for a cut log.
    if (chain.rowCount === 0) throw new Error('The audit log has no rows yet: there is nothing to anchor.');
    const payload: CheckpointPayload = {
      n: (previous?.n ?? 0) + 1,
      rowCount: chain.rowCount,
      lastSeq: chain.verifiedThrough,
      head: chain.head,
      time: isoAt(this.clock),
      prev: previous ? sha256(previous.jws) : 'genesis',
    };
    const jws = await this.deviceKey.signJws(CHECKPOINT_TYP, payload);
    // Signing is asynchronous: another process (the CLI beside the app) may have checkpointed
    // meanwhile. Insert only if the series is still where this one was built on; otherwise start
    // over from the newer one, so checkpoints only ever grow.
    try {
      this.db
        .transaction(() => {
          if (this.latest()?.n !== previous?.n) throw new CheckpointRace();
          this.db.prepare('INSERT INTO audit_checkpoints (n, row_count, last_seq, head, time, jws) VALUES (?, ?, ?, ?, ?, ?)').run(payload.n, payload.rowCount, payload.lastSeq, payload.head, payload.time, jws);
          // Recorded under the same write lock: another process's later checkpoint waits for this
          // record, so records land in checkpoint order and never move back. Outside the database,
          // so deleting checkpoint rows (or restoring an older database) shows. If the keychain
          // cannot be written, the record stays behind the log, which is never a finding.
          try {
            const read = this.readMark();
            const mark = read.kind === 'mark' ? read.mark : undefined;
            this.writeMark({ n: payload.n, retired: mark?.retired ?? 0, db: this.databaseId(), cp: sha256(jws), ...(mark?.retiredCp ? { retiredCp: mark.retiredCp } : {}) });
          } catch (error) {
            this.logger.warn('audit checkpoint not recorded in the keychain', { reason: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
          }
        })
        .immediate();
    } catch (error) {
      if (error instanceof CheckpointRace && attempts > 1) return this.checkpointNow(attempts - 1);
      throw error;
    }
    return { ...payload, jws };
  }

  private databaseId(): string {
    return (this.db.prepare('SELECT value FROM database_identity WHERE id = 1').pluck().get() as string | undefined) ?? 'unknown';
  }

  /**
   * After "Reset local vault" dropped the device key: the checkpoints it signed are retired (kept,
   * no longer checkable), and the next checkpoint starts a new series under the new key.
   */
  retire(): void {
    const previous = this.latest();
    if (!previous) return;
    const n = previous.n + 1;
    // What the keychain recorded as the last signed checkpoint (not what the database says now,
    // which anyone who can write the file may have changed): verify keeps checking the log against it.
    const read = this.readMark();
    const mark = read.kind === 'mark' ? read.mark : undefined;
    const lastSigned = mark?.cp && mark.cp !== sha256(RETIRED) ? mark.cp : (mark?.retiredCp ?? (previous.jws !== RETIRED ? sha256(previous.jws) : undefined));
    this.db.prepare('INSERT INTO audit_checkpoints (n, row_count, last_seq, head, time, jws) VALUES (?, ?, ?, ?, ?, ?)').run(n, previous.rowCount, previous.lastSeq, previous.head, isoAt(this.clock), RETIRED);
    this.writeMark({ n, retired: n, db: this.databaseId(), cp: sha256(RETIRED), ...(lastSigned ? { retiredCp: lastSigned } : {}) });
  }

  private writeMark(mark: WrittenMark): void {
    this.vault.set(this.markAccount, JSON.stringify(mark));
  }

  /**
   * At start: a new, empty database where the keychain remembers another one's checkpoints (the
   * data folder's database was deleted, on purpose or not). The replacement is written as the
   * first row of the new log and anchored at once, so it cannot be quietly cut later; only then
   * does the keychain record move to the new database.
   */
  async adoptNewDatabase(actor: string): Promise<void> {
    const read = this.readMark();
    if (read.kind !== 'mark' || read.mark.db === this.databaseId()) return;
    // Only a database that is new as a whole: an audit history emptied while orgs, connections,
    // pinned keys, secrets or an MFA enrolment were kept is a wiped log, which verify reports.
    const used = this.db
      .prepare(
        `SELECT ${USED_IF_ANY_ROW.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')} + (SELECT count(*) FROM orgs WHERE org_id <> ?)
          + (SELECT count(*) FROM mfa_state WHERE enrolled_at IS NOT NULL OR last_time_step <> 0 OR failures <> 0 OR locked_until_ms <> 0)`,
      )
      .pluck()
      .get(PLATFORM_ORG_ID) as number;
    if (used !== 0) return; // a used database with another identity: verify reports it
    this.audit.append({
      actor,
      orgId: null,
      cloud: null,
      step: 'audit_anchor_reset',
      outcome: 'succeeded',
      detail: { previousDatabase: read.mark.db ?? 'unknown', previousCheckpoint: read.mark.n, reason: 'a new database replaced the one the OS keychain remembered checkpoints of' },
    });
    // Re-anchor: the keychain record follows only once the reset row itself is signed.
    this.writeMark({ n: 0, retired: 0, db: this.databaseId(), cp: '' });
    await this.checkpoint();
  }

  /** A checkpoint when enough rows are unanchored; never fails the caller (it is logged). */
  async maybeCheckpoint(minRows = CHECKPOINT_EVERY_ROWS): Promise<void> {
    try {
      if (this.behind() >= minRows) await this.checkpoint();
    } catch (error) {
      this.logger.warn('audit checkpoint skipped', { reason: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
    }
  }

  /** The chain, the triggers, and the chain against the signed checkpoints. */
  async verify(): Promise<AuditVerification> {
    const chain = this.audit.verify();
    const findings: string[] = [];

    this.checkTriggers(findings);

    // The keychain's record first: written after each checkpoint, so whatever it says is already in
    // the log when the log is read next (unless the log lost it). It is about one database: another
    // identity here is a finding, never a reason to set the record aside.
    const read = this.readMark();
    if (read.kind === 'unavailable') {
      const checkpoint = this.latest();
      return {
        ...chain,
        ok: false,
        anchor: {
          checkpoint: null,
          findings,
          unanchoredRows: this.db.prepare('SELECT count(*) FROM audit_log WHERE seq > ?').pluck().get(checkpoint && checkpoint.jws !== RETIRED ? checkpoint.lastSeq : 0) as number,
          uncheckable: 'The OS keychain cannot be read, so the log cannot be checked against its record: a cut or replaced log would look the same as this one. Unlock or start the keychain, then verify again.',
        },
      };
    }
    const mark = read.kind === 'mark' ? read.mark : undefined;
    if (mark?.db !== undefined && mark.db !== this.databaseId()) {
      findings.push(`This is not the database the OS keychain's record is about (its identity changed from ${mark.db.slice(0, 8)}… to ${this.databaseId().slice(0, 8)}…): the database was replaced, or its identity rewritten.`);
    }
    const all = this.rows();
    const retiredAt = all.findLast((r) => r.jws === RETIRED)?.n ?? 0;
    if (retiredAt > 0 && mark && (mark.retired ?? 0) < retiredAt) {
      findings.push(`Checkpoints up to ${retiredAt} were retired, but the OS keychain has no record of it: only "Reset local vault" retires them.`);
    }
    // Checkpoints signed by a device key that a vault reset dropped cannot be checked: start after them.
    const rows = all.filter((r) => r.n > retiredAt);
    let latest: Checkpoint | undefined;
    if (rows.length) {
      let key;
      try {
        key = await this.deviceKey.pinned();
      } catch (error) {
        findings.push(`The signed checkpoints cannot be checked: ${error instanceof Error ? error.message : 'the device key cannot be read'}.`);
      }
      if (key) latest = await this.checkCheckpoints(rows, key, retiredAt, all.find((r) => r.n === retiredAt)?.jws, findings);
    }
    if (latest) this.checkAgainst(latest, chain, findings);
    if (mark?.retiredCp) this.checkRetired(all, mark.retiredCp, chain, findings);
    this.checkMark(all, mark, findings);

    const checkpoint = latest ? { n: latest.n, rowCount: latest.rowCount, lastSeq: latest.lastSeq, time: latest.time } : null;
    const unanchored = this.db.prepare('SELECT count(*) FROM audit_log WHERE seq > ?').pluck().get(latest?.lastSeq ?? 0) as number;
    return { ...chain, ok: chain.ok && findings.length === 0, anchor: { checkpoint, findings, unanchoredRows: unanchored, uncheckable: null } };
  }

  /**
   * Each append-only trigger present with the SQL the migrations gave it, and no other trigger in
   * the database at all: the app makes none, and a trigger elsewhere (or on AUDIT_LOG spelt in
   * another case, which SQLite stores as written) could still swallow or rewrite rows.
   */
  private checkTriggers(findings: string[]): void {
    const expected = new Set<string>(APPEND_ONLY_TRIGGERS);
    const present = new Map<string, string>();
    const extra: string[] = [];
    for (const t of this.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string | null }[]) {
      const name = t.name.toLowerCase();
      if (expected.has(t.name) && !present.has(t.name)) present.set(t.name, normalizeSql(t.sql ?? ''));
      else extra.push(expected.has(name) ? `${t.name} (a second ${name})` : t.name);
    }
    const missing = APPEND_ONLY_TRIGGERS.filter((t) => !present.has(t));
    if (missing.length) findings.push(`The append-only trigger${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} removed: rows could have been edited or deleted since.`);
    const changed = APPEND_ONLY_TRIGGERS.filter((t) => present.has(t) && present.get(t) !== normalizeSql(APPEND_ONLY_TRIGGER_SQL[t]));
    if (changed.length) findings.push(`The append-only trigger${changed.length === 1 ? '' : 's'} ${changed.join(', ')} ${changed.length === 1 ? 'was' : 'were'} replaced by a different body: rows could have been edited or deleted since.`);
    if (extra.length) findings.push(`Trigger${extra.length === 1 ? '' : 's'} ${extra.join(', ')} ${extra.length === 1 ? 'was' : 'were'} added to the database: the app makes none, and one can drop or change audit rows.`);
  }

  /** Every checkpoint signed by this device and naming the one before; returns the latest good one. */
  private async checkCheckpoints(rows: Row[], key: Awaited<ReturnType<DeviceKey['pinned']>>, after: number, retirement: string | undefined, findings: string[]): Promise<Checkpoint | undefined> {
    let prev = retirement === undefined ? 'genesis' : sha256(retirement);
    let good: Checkpoint | undefined;
    for (const [i, row] of rows.entries()) {
      let payload: CheckpointPayload;
      try {
        const verified = await verifyStrictJws(row.jws, [key], {
          typ: CHECKPOINT_TYP,
          what: 'audit checkpoint',
          maxBytes: 4096,
          redoHint: 'The checkpoint was changed; treat the log as tampered with.',
          unknownKeyHint: 'It was not signed by this device.',
        });
        payload = verified.payload as CheckpointPayload;
      } catch (error) {
        findings.push(`Checkpoint ${row.n} is not signed by this device (${error instanceof JwsRejected ? error.reason : 'unreadable'}): it was forged or replaced.`);
        return good;
      }
      const columns = toCheckpoint(row);
      if (payload.n !== row.n || payload.n !== after + i + 1 || payload.rowCount !== columns.rowCount || payload.lastSeq !== columns.lastSeq || payload.head !== columns.head || payload.time !== columns.time) {
        findings.push(`Checkpoint ${row.n}'s columns differ from what was signed, or checkpoints were renumbered.`);
        return good;
      }
      if (payload.prev !== prev) {
        findings.push(`Checkpoint ${row.n} does not follow checkpoint ${row.n - 1}: a checkpoint before it was deleted or replaced.`);
        return good;
      }
      prev = sha256(row.jws);
      good = { ...payload, jws: row.jws };
    }
    return good;
  }

  /** The log must still hold, unchanged, everything the latest checkpoint signed. */
  private checkAgainst(cp: Checkpoint, chain: ReturnType<AuditLog['verify']>, findings: string[]): void {
    const at = this.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(cp.lastSeq) as string | undefined;
    const countThrough = this.db.prepare('SELECT count(*) FROM audit_log WHERE seq <= ?').pluck().get(cp.lastSeq) as number;
    const when = `the checkpoint signed ${cp.time} (number ${cp.n})`;
    if (at === undefined) {
      const max = (this.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null) ?? 0;
      findings.push(`Rows ${max + 1}–${cp.lastSeq} are gone: ${when} covered ${cp.rowCount} rows up to row ${cp.lastSeq}; the log now ends at row ${max}.`);
      return;
    }
    if (countThrough !== cp.rowCount) findings.push(`${when} covered ${cp.rowCount} rows up to row ${cp.lastSeq}; the log now has ${countThrough} there: rows were deleted and renumbered, or added.`);
    if (at !== cp.head) findings.push(`Row ${cp.lastSeq} no longer has the hash ${when} signed: the chain up to it was rewritten.`);
    else if (chain.verifiedThrough < cp.lastSeq && chain.firstBad) findings.push(`The chain breaks at row ${chain.firstBad.seq}, inside what ${when} covered.`);
  }

  /**
   * A retired checkpoint can no longer be checked by its signature, but the keychain's hash of its
   * text still authenticates it: the log must still hold, unchanged, what it covered. Otherwise a
   * vault reset would launder whatever had been cut from the log before it.
   */
  private checkRetired(rows: Row[], retiredCp: string, chain: ReturnType<AuditLog['verify']>, findings: string[]): void {
    const row = rows.find((r) => r.jws !== RETIRED && sha256(r.jws) === retiredCp);
    const payload = row ? decodeCheckpoint(row.jws) : undefined;
    if (!row || !payload) {
      findings.push('The last checkpoint signed before "Reset local vault" (the OS keychain kept its hash) is gone or was changed: what it covered can no longer be shown intact.');
      return;
    }
    this.checkAgainst({ ...payload, jws: row.jws }, chain, findings);
  }

  private readMark(): MarkRead {
    let text: string | undefined;
    try {
      text = this.vault.get(this.markAccount);
    } catch {
      return { kind: 'unavailable' };
    }
    if (!text) return this.recoverMark();
    const mark = parseMark(text);
    return mark ? { kind: 'mark', mark } : { kind: 'none' };
  }

  /**
   * A data folder reached by another path (moved, and a symlink left behind) has its record under
   * the old path's account: found by the database it is about, as the data key is found by its id,
   * and copied to this path's account — never a "first run" that switches the anchor off.
   */
  private recoverMark(): MarkRead {
    if (!this.vault.accounts) return { kind: 'none' };
    const id = this.databaseId();
    for (const account of this.vault.accounts()) {
      if (!account.startsWith(AUDIT_MARK_PREFIX) || account === this.markAccount) continue;
      const text = this.vault.get(account);
      const mark = text ? parseMark(text) : undefined;
      if (mark?.db === id) {
        this.vault.set(this.markAccount, text!);
        return { kind: 'mark', mark };
      }
    }
    return { kind: 'none' };
  }

  /**
   * The keychain remembers this database's latest checkpoint and the hash of its signature: fewer
   * in the log means checkpoints were deleted, or an older copy of this database was put back; a
   * different one in its place means they were replaced. (No record says nothing: a first run.)
   */
  private checkMark(rows: Row[], mark: Mark | undefined, findings: string[]): void {
    const have = rows.at(-1)?.n ?? 0;
    if (!mark) return;
    if (mark.n > have) {
      findings.push(`The OS keychain remembers checkpoint ${mark.n}, but the log has ${have ? `only up to ${have}` : 'none'}: checkpoints were deleted, or an older copy of the database was put back.`);
      return;
    }
    const recorded = rows.find((r) => r.n === mark.n);
    if (mark.cp && recorded && sha256(recorded.jws) !== mark.cp) {
      findings.push(`Checkpoint ${mark.n} is not the one the OS keychain recorded: the checkpoints were replaced (or an older copy of the database was put back and checkpointed again).`);
    }
  }
}

/** The log does not verify, so no checkpoint (or bundle) may vouch for it. */
export class AuditTampered extends Error {
  constructor(readonly verification: AuditVerification) {
    super(verification.firstBad ? `row ${verification.firstBad.seq}: ${verification.firstBad.reason}` : verification.anchor.findings.join(' '));
    this.name = 'AuditTampered';
  }
}

function toCheckpoint(row: Row): Checkpoint {
  return { n: row.n, rowCount: row.row_count, lastSeq: row.last_seq, head: row.head, time: row.time, prev: '', jws: row.jws };
}

function parseMark(text: string): Mark | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'n' in parsed && typeof parsed.n === 'number') {
      const retired = 'retired' in parsed && typeof parsed.retired === 'number' ? parsed.retired : 0;
      const db = 'db' in parsed && typeof parsed.db === 'string' ? parsed.db : undefined;
      const cp = 'cp' in parsed && typeof parsed.cp === 'string' ? parsed.cp : undefined;
      const retiredCp = 'retiredCp' in parsed && typeof parsed.retiredCp === 'string' ? parsed.retiredCp : undefined;
      return { n: parsed.n, retired, ...(db ? { db } : {}), ...(cp ? { cp } : {}), ...(retiredCp ? { retiredCp } : {}) };
    }
  } catch {
    // An unreadable record says nothing.
  }
  return undefined;
}

/** A checkpoint's signed fields, read without its signature (for one the keychain's hash authenticates). */
function decodeCheckpoint(jws: string): CheckpointPayload | undefined {
  try {
    const p = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as Partial<CheckpointPayload>;
    if (typeof p.n === 'number' && typeof p.rowCount === 'number' && typeof p.lastSeq === 'number' && typeof p.head === 'string' && typeof p.time === 'string' && typeof p.prev === 'string') {
      return { n: p.n, rowCount: p.rowCount, lastSeq: p.lastSeq, head: p.head, time: p.time, prev: p.prev };
    }
  } catch {
    // Not a checkpoint's text.
  }
  return undefined;
}

import { z } from 'zod';
import type { AuditDetail } from '../../shared/domain/audit.js';
import { type CloudKind, isCloudKind } from '../../shared/domain/cloud.js';
import { AppError, type ErrorData } from '../../shared/domain/errors.js';
import type { ChannelContract } from '../../shared/ipc/contract.js';
import type { IpcResult } from '../../shared/ipc/index.js';
import { type AuditEntry, AuditLog } from '../audit/audit-log.js';
import type { StepUpGrants } from '../mfa/step-up.js';
import type { Logger } from '../platform/logger.js';
import { noCancel } from '../platform/deadline.js';
import { currentWriter } from '../platform/process-identity.js';
import { storageFull } from '../platform/storage-errors.js';
import type { ConfirmChange } from '../settings/change-prompt.js';
import { type TextRule, presentingRefusal, standInRefusal, scopeInput, scopeOutput } from '../presenting/presenting-scope.js';

/** Who is calling: decided by the transport adapter (Electron, browser bridge, CLI), never by the payload. */
export interface CallerContext {
  readonly actor: string;
  readonly trusted: boolean;
  /** Why the adapter did not trust the sender, for the audit row. */
  readonly rejection?: string;
  /**
   * How this transport shows a change main describes and asks the person to confirm it (Electron:
   * a native dialog the page cannot draw over; the CLI: the command typed). Absent: it cannot.
   */
  readonly confirmChange?: ConfirmChange;
  /**
   * Where this transport saves a file main writes (Electron: main's own save dialog; the CLI: the
   * --out it was given). Undefined means the person cancelled; absent: the export folder is used.
   */
  readonly saveFileAs?: (suggestedName: string) => Promise<string | undefined>;
  /** Aborted when the caller goes away (its window closes, Ctrl-C): the call's cloud requests are closed. */
  readonly signal?: AbortSignal;
  /** The app's own window (Electron or the Chromium fallback): presenting mode applies to it; the CLI has none. */
  readonly window?: boolean;
}

/** What a handler is given: the caller, always with a signal for its cloud calls. */
export type HandlerCaller = CallerContext & { readonly signal: AbortSignal };

export type Handler<C extends ChannelContract> = (input: z.output<C['input']>, caller: HandlerCaller) => Promise<z.input<C['output']>> | z.input<C['output']>;

export interface HandlerOptions<C extends ChannelContract> {
  /** Non-secret facts for the audit rows. Picked field by field: never spread a payload in here. */
  readonly auditDetail?: (input: z.output<C['input']>, output?: z.output<C['output']>) => AuditDetail;
  /** A call can succeed and still be a failed check (e.g. missing permissions). */
  readonly auditOutcome?: (output: z.output<C['output']>) => 'succeeded' | 'failed';
  /**
   * Local checks of the input (settings, what it names exists, a choice is needed) that run before
   * step-up is asked for: a typo must never cost a one-time code or count toward the lockout.
   */
  readonly precheck?: (input: z.output<C['input']>) => void | Promise<void>;
  /**
   * The orgs a call's rows belong to, when that is not the payload's `orgId` (an export taken as the
   * platform tenant carries named orgs): one row each, sharing a correlation id, so filtering the
   * log by any of them finds it. Empty or absent: the payload's org.
   */
  readonly auditOrgs?: (input: z.output<C['input']>) => readonly string[];
  /**
   * The org a call acts on when its payload does not name one (a run addressed by its id): checked
   * against presenting mode as a named org is. Undefined: no org (or one that no longer exists).
   */
  readonly actsOn?: (input: z.output<C['input']>) => string | undefined;
}

interface Registration {
  readonly contract: ChannelContract;
  /** The whole pipeline for this channel, typed by its contract where it was registered. */
  run(payload: unknown, caller: CallerContext): Promise<IpcResult<unknown>>;
}

/** The org and cloud a payload names, if it names them (for step-up and audit rows). */
function orgIdOf(input: unknown): string | null {
  return typeof input === 'object' && input !== null && 'orgId' in input && typeof input.orgId === 'string' ? input.orgId : null;
}
function cloudOf(input: unknown, isCloud: (value: string) => value is CloudKind): CloudKind | null {
  return typeof input === 'object' && input !== null && 'cloud' in input && typeof input.cloud === 'string' && isCloud(input.cloud) ? input.cloud : null;
}

/** A zod failure as the user reads it: the first few problems, each with its field. */
export function validationError(error: z.ZodError): AppError {
  const first = error.issues[0];
  const field = first?.path.map(String).join('.') || undefined;
  const messages = error.issues.slice(0, 5).map((i) => {
    const where = i.path.length ? `${i.path.join('.')}: ` : '';
    if (i.code === 'unrecognized_keys') return `${where}unexpected field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
    return `${where}${i.message}`;
  });
  return new AppError('bad_request', messages.join('; '), 'Correct the value and try again; nothing was changed.', field ? { field } : {});
}

function internalError(): ErrorData {
  return {
    code: 'internal',
    message: 'Something went wrong inside the app; nothing was changed.',
    hint: 'Try again. If it keeps happening, send the log file from the data folder (logs/main.log) to AlphaSwarm support.',
  };
}

/**
 * The one choke point between any caller and the services: it checks the sender, bounds and
 * parses the payload, enforces step-up and audit as each contract declares, validates the output
 * and answers with data — never a thrown error.
 */
export class IpcRouter {
  private readonly registrations = new Map<string, Registration>();
  private presentingOrg: () => string | null = () => null;
  private hiddenWhilePresenting: () => readonly (readonly [string, string])[] = () => [];
  private otherOrgsWhilePresenting: () => readonly TextRule[] = () => [];

  constructor(
    private readonly audit: AuditLog,
    private readonly grants: StepUpGrants,
    private readonly logger: Logger,
    /** Who audit rows name for a trusted caller: the engineer right now (a profile import changes it). */
    private readonly actorOf: () => string = () => 'unknown',
    /** The clouds audit rows may name: this build's, and a test's own (see main/providers/test-clouds.ts). */
    private readonly isCloud: (value: string) => value is CloudKind = isCloudKind,
  ) {}

  handle<C extends ChannelContract>(contract: C, handler: Handler<C>, options: HandlerOptions<C> = {}): void {
    if (this.registrations.has(contract.channel)) throw new Error(`Channel ${contract.channel} registered twice`);
    this.registrations.set(contract.channel, {
      contract,
      run: async (payload, caller) => {
        let result: IpcResult<unknown>;
        try {
          result = await this.execute(contract, handler, options, payload, caller);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          result = fail(error);
        }
        return this.presentedError(result, caller);
      },
    });
  }

  /**
   * Presenting mode for window callers: `org` is the org the window presents (or null), `hidden`
   * the texts (folders that carry the OS user name) it must not show, each with its stand-in.
   */
  presentWith(org: () => string | null, hidden: () => readonly (readonly [string, string])[], otherOrgs: () => readonly TextRule[] = () => []): void {
    this.presentingOrg = org;
    this.hiddenWhilePresenting = hidden;
    this.otherOrgsWhilePresenting = otherOrgs;
  }

  /**
   * While presenting, a refusal reaches the window as an answer does: folders as stand-ins, other
   * orgs as "another organisation" (an error can name the settings file or another org's change).
   */
  private presentedError(result: IpcResult<unknown>, caller: CallerContext): IpcResult<unknown> {
    if (result.ok || !caller.window) return result;
    let presenting: string | null;
    try {
      presenting = this.presentingOrg();
    } catch {
      // Whether the window presents cannot be read (a broken settings file): hide the folders anyway.
      return { ok: false, error: scopeOutput(result.error, '', this.hiddenWhilePresenting()) };
    }
    if (!presenting) return result;
    return { ok: false, error: scopeOutput(result.error, presenting, this.hiddenWhilePresenting(), this.otherOrgsWhilePresenting()) };
  }

  channels(): string[] {
    return [...this.registrations.keys()];
  }

  /**
   * The same call, typed by the channel's contract (the CLI): the payload must be the channel's
   * input, and the answer is read through the channel's output schema — never cast.
   */
  async call<I extends z.ZodType, O extends z.ZodType>(contract: ChannelContract<I, O>, payload: z.input<I>, from: CallerContext): Promise<IpcResult<z.output<O>>> {
    const result = await this.invoke(contract.channel, payload, from);
    if (!result.ok) return result;
    const checked = z.safeParse(contract.output, result.value);
    return checked.success ? { ok: true, value: checked.data } : { ok: false, error: internalError() };
  }

  async invoke(channel: string, payload: unknown, from: CallerContext): Promise<IpcResult<unknown>> {
    const started = Date.now();
    // A trusted transport is the engineer's own window or terminal: name the engineer, as now.
    const caller: CallerContext = from.trusted ? { ...from, actor: this.actorOf() } : from;
    let result: IpcResult<unknown>;
    try {
      result = await this.dispatch(channel, payload, caller);
    } catch (error) {
      // An audit row that cannot be written (a full disk, most likely): answered as data, never thrown.
      const full = storageFull(error);
      if (!full) this.logger.error('call failed outside its handler', { channel: String(channel).slice(0, 64), error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'non-error thrown' });
      result = full ? fail(full) : { ok: false, error: internalError() };
    }
    this.logger.info('ipc', {
      channel: String(channel).slice(0, 64),
      ok: result.ok,
      code: result.ok ? null : result.error.code,
      ms: Date.now() - started,
    });
    return result;
  }

  private async dispatch(channel: string, payload: unknown, caller: CallerContext): Promise<IpcResult<unknown>> {
    const registration = typeof channel === 'string' ? this.registrations.get(channel) : undefined;
    if (!caller.trusted) {
      this.audit.append({
        actor: caller.actor,
        orgId: null,
        cloud: null,
        step: 'ipc_denied',
        outcome: 'denied',
        detail: { channel: String(channel).slice(0, 64), reason: (caller.rejection ?? 'untrusted sender').slice(0, 256) },
      });
      return fail(new AppError('sender_rejected', 'This request did not come from the app window, so it was refused.', 'Use the app window itself; embedded or foreign pages cannot call the app.'));
    }
    if (!registration) return fail(new AppError('bad_request', `Unknown request "${String(channel).slice(0, 64)}".`, 'Update the app; the window and the services disagree.'));
    const { contract } = registration;

    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(payload ?? null) ?? 'null');
    } catch {
      return fail(new AppError('bad_request', 'The request could not be read.', 'Try again; nothing was changed.'));
    }
    if (size > contract.maxPayloadBytes) {
      return fail(new AppError('payload_too_large', `The request is ${size} bytes; the limit is ${contract.maxPayloadBytes}.`, 'Send less at once; nothing was changed.'));
    }
    return registration.run(payload, caller);
  }

  /** Parse, precheck, step-up, audit, run, check the output: one channel's call, typed by its contract. */
  private async execute<I extends z.ZodType, O extends z.ZodType>(
    contract: ChannelContract<I, O>,
    handler: Handler<ChannelContract<I, O>>,
    options: HandlerOptions<ChannelContract<I, O>>,
    payload: unknown,
    caller: CallerContext,
  ): Promise<IpcResult<unknown>> {
    // The generic form keeps the contract's own types (the method form would widen them to unknown).
    const parsed = z.safeParse(contract.input, payload ?? {});
    if (!parsed.success) return fail(validationError(parsed.error));
    // Presenting: a call naming another org is refused before anything else (step-up included).
    const presenting = caller.window ? this.presentingOrg() : null;
    if (presenting) {
      const actsOn = options.actsOn?.(parsed.data);
      const refusal = presentingRefusal(contract.channel, actsOn === undefined ? parsed.data : { orgId: actsOn }, presenting) ?? standInRefusal(parsed.data, this.hiddenWhilePresenting());
      if (refusal) return fail(refusal);
    }
    const input = presenting ? scopeInput(contract.input, parsed.data, presenting) : parsed.data;
    const orgId = orgIdOf(input);
    const cloud = cloudOf(input, this.isCloud);

    if (options.precheck) {
      try {
        await options.precheck(input);
      } catch (error) {
        if (error instanceof AppError) return fail(error);
        this.logger.error('precheck failed', { channel: contract.channel, error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'non-error thrown' });
        return { ok: false, error: internalError() };
      }
    }

    if (contract.stepUp) {
      if (!orgId) return fail(new AppError('internal', `Channel ${contract.channel} needs an org for step-up.`, 'This is a bug in the app.'));
      if (!this.grants.isGranted(orgId)) {
        return fail(
          new AppError('step_up_required', `This step needs step-up MFA for "${orgId}".`, 'Enter the current code from your authenticator app.', {
            details: { orgId },
          }),
        );
      }
    }

    const baseDetail = (output?: z.output<O>): AuditDetail => {
      try {
        return options.auditDetail?.(input, output) ?? {};
      } catch {
        return {};
      }
    };
    const correlationId = contract.audit ? AuditLog.correlationId() : null;
    const named = options.auditOrgs?.(input) ?? [];
    const rowOrgs: readonly (string | null)[] = named.length > 0 ? named : [orgId];
    const append = (entry: Omit<AuditEntry, 'orgId'>) => {
      for (const rowOrg of rowOrgs) this.audit.append({ ...entry, orgId: rowOrg });
    };
    if (contract.audit?.mode === 'pending-outcome') {
      append({ actor: caller.actor, cloud, step: contract.audit.step, outcome: 'pending', correlationId, detail: { ...baseDetail(), ...currentWriter() } });
    }

    let value: unknown;
    try {
      value = await handler(input, { ...caller, signal: caller.signal ?? noCancel() });
    } catch (error) {
      const full = storageFull(error);
      const data = error instanceof AppError ? error.toData() : full ? full.toData() : internalError();
      if (!(error instanceof AppError) && !full) {
        this.logger.error('handler failed', { channel: contract.channel, error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'non-error thrown' });
      }
      if (contract.audit) {
        append({
          actor: caller.actor,
          cloud,
          step: contract.audit.step,
          outcome: 'failed',
          correlationId,
          detail: { ...baseDetail(), error: data.code, message: data.message.slice(0, 1000) },
        });
      }
      return { ok: false, error: data };
    }

    const checked = z.safeParse(contract.output, value);
    if (!checked.success) {
      // A handler that returns the wrong shape (or a field it must not) is a bug: never pass it on.
      this.logger.error('output rejected', { channel: contract.channel, issue: checked.error.issues[0]?.message ?? 'unknown' });
      if (contract.audit) {
        append({ actor: caller.actor, cloud, step: contract.audit.step, outcome: 'failed', correlationId, detail: { ...baseDetail(), error: 'internal' } });
      }
      return { ok: false, error: internalError() };
    }
    if (contract.audit) {
      append({
        actor: caller.actor,
        cloud,
        step: contract.audit.step,
        outcome: options.auditOutcome?.(checked.data) ?? 'succeeded',
        correlationId,
        detail: baseDetail(checked.data),
      });
    }
    return { ok: true, value: presenting ? scopeOutput(checked.data, presenting, this.hiddenWhilePresenting(), this.otherOrgsWhilePresenting()) : checked.data };
  }
}

function fail(error: AppError): IpcResult<never> {
  return { ok: false, error: error.toData() };
}

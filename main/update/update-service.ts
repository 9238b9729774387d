import type { AppUpdater, ProgressInfo, UpdateInfo } from 'electron-updater';
import { gt, valid } from 'semver';
import { AppError } from '../../shared/domain/errors.js';
import type { UpdateStatus } from '../../shared/ipc/update.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../platform/clock.js';
import type { BusyRegistry } from '../platform/busy.js';
import type { Logger } from '../platform/logger.js';
import type { Settings } from '../settings.js';
import { feedChannel, updateConfig } from './update-config.js';

/**
 * The part of electron-updater's AppUpdater this service drives. The Electron app passes the
 * platform's updater (NSIS, Squirrel.Mac, AppImage); the tests pass a real AppImageUpdater with a
 * Node HTTP client, against a local feed.
 */
export type Updater = Pick<AppUpdater, 'setFeedURL' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall' | 'on'> & {
  channel: string | null;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
};

type State = Omit<UpdateStatus, 'busy' | 'feed' | 'channel' | 'currentVersion'>;

const IDLE: State = { state: 'idle', version: null, percent: null, message: null, hint: null, checkedAt: null };

/** What a failed download means for the engineer: verification failures are refusals, the rest failures. */
function describeFailure(error: unknown, version: string): Pick<State, 'state' | 'message' | 'hint'> & { reason: string } {
  const e = error as { code?: string; message?: string };
  const text = String(e?.message ?? error);
  if (e?.code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch/i.test(text)) {
    return { state: 'refused', reason: 'sha512 mismatch', message: `The update to ${version} was refused: the downloaded file's sha512 does not match the one the feed published. Nothing was installed.`, hint: 'The file or the feed was changed in transit or on the server. Tell your platform team; the app keeps running this version.' };
  }
  if (/not signed by the application owner|code signature|publisherName/i.test(text)) {
    return { state: 'refused', reason: 'publisher signature', message: `The update to ${version} was refused: it is not signed by the same publisher as this app. Nothing was installed.`, hint: 'Tell your platform team; the app keeps running this version.' };
  }
  return { state: 'failed', reason: text.slice(0, 200), message: `The update to ${version} could not be downloaded: ${text.slice(0, 300)}`, hint: 'The app tries again later; check the network or the update feed (ALPHASWARM_ADMIN_UPDATE_URL).' };
}

/**
 * The app's own updates: look on the configured HTTPS feed, download in the background (electron-
 * updater checks the sha512 the feed publishes, and on Windows and macOS the publisher's
 * signature), then wait for the engineer. Nothing restarts while a wizard, a run or a send is
 * going, nothing installs unasked (not even on quit), and every download, refusal and install is
 * an audit row with its version. Never offers an older version, whatever the channel.
 */
export class UpdateService {
  private updater: Updater | null = null;
  private makeUpdater: (() => Promise<Updater>) | null = null;
  private current: State = IDLE;
  /** Where the ready download came from: installed only while that is still where updates come from. */
  private downloadedFrom: { feed: string | null; channel: string; auditSeq: number } | null = null;
  /** The last download withdrawn, and why: a restart asked for it says so (until the feed is asked again). */
  private withdrawal: { version: string; why: string } | null = null;
  private checking: Promise<UpdateStatus> | null = null;

  constructor(
    private readonly settings: Settings,
    readonly currentVersion: string,
    private readonly busy: BusyRegistry,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly actor: () => string,
    private readonly logger?: Logger,
  ) {}

  /**
   * Gives the service the platform's updater, made on the first check that needs it (so a copy
   * with updates off never loads electron-updater). Only the desktop app has one.
   */
  useUpdater(make: () => Promise<Updater>): void {
    this.makeUpdater = make;
  }

  private async ensureUpdater(): Promise<Updater | null> {
    if (this.updater || !this.makeUpdater) return this.updater;
    const make = this.makeUpdater;
    this.makeUpdater = null;
    this.attach(await make());
    return this.updater;
  }

  private attach(updater: Updater): void {
    this.updater = updater;
    updater.on('download-progress', (p: ProgressInfo) => {
      if (this.current.state === 'downloading') this.current = { ...this.current, percent: Math.max(0, Math.min(100, Math.round(p.percent))) };
    });
    // electron-updater also emits 'error' for what downloadUpdate rejects with; that path handles it.
    updater.on('error', (e: Error) => this.logger?.warn('update error', { message: e.message }));
  }

  status(): UpdateStatus {
    const config = updateConfig(this.settings);
    const base = { currentVersion: this.currentVersion, channel: config.channel, feed: config.feed, busy: this.busy.current() };
    if (config.off) return { ...base, ...IDLE, state: 'off', message: config.off.message, hint: config.off.hint };
    if (!this.updater && !this.makeUpdater) {
      return { ...base, ...IDLE, state: 'unavailable', message: 'This copy cannot update itself (the command line and the browser fallback run from the installed app or the source).', hint: 'Updates are installed by the desktop app.' };
    }
    // A withdrawn download becomes idle here, with the reason as its message.
    this.withdrawnWhy();
    return { ...base, ...this.current };
  }

  /** Looks for a newer version and downloads it; one check at a time. */
  check(): Promise<UpdateStatus> {
    this.checking ??= this.runCheck().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async runCheck(): Promise<UpdateStatus> {
    const config = updateConfig(this.settings);
    if (config.off || !config.feed) return this.status();
    let updater: Updater | null;
    try {
      updater = await this.ensureUpdater();
    } catch (error) {
      this.logger?.warn('updates unavailable', { message: String((error as Error)?.message ?? error) });
      return this.status();
    }
    if (!updater) return this.status();
    if (this.current.state === 'ready' && !this.withdrawnWhy()) return this.status();
    const channel = feedChannel(config.channel);
    updater.setFeedURL({ provider: 'generic', url: config.feed, channel });
    updater.channel = channel;
    // Setting a channel turns electron-updater's allowDowngrade on; an older build is never offered.
    updater.allowDowngrade = false;
    updater.allowPrerelease = config.channel === 'beta';
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = false;
    const checkedAt = new Date(this.clock.now()).toISOString();
    this.current = { ...IDLE, state: 'checking', checkedAt };
    let info: UpdateInfo | null;
    try {
      const result = await updater.checkForUpdates();
      info = result?.isUpdateAvailable ? result.updateInfo : null;
    } catch (error) {
      const text = String((error as Error)?.message ?? error).slice(0, 300);
      this.current = { ...IDLE, state: 'failed', checkedAt, message: `Could not read the update feed: ${text}`, hint: 'The app tries again later; check the network or ALPHASWARM_ADMIN_UPDATE_URL.' };
      return this.status();
    }
    // electron-updater compares too; this guard keeps "never older" true whatever it is configured to do.
    if (!info || !valid(info.version) || !gt(info.version, this.currentVersion)) {
      this.current = { ...IDLE, state: 'idle', checkedAt, message: `Up to date (${this.currentVersion}, ${config.channel}).` };
      return this.status();
    }
    const version = info.version;
    this.current = { ...IDLE, state: 'downloading', version, percent: 0, checkedAt };
    try {
      await updater.downloadUpdate();
    } catch (error) {
      const failure = describeFailure(error, version);
      this.audit.append({ actor: this.actor(), orgId: null, cloud: null, step: 'app_update', outcome: 'failed', detail: { action: 'download', version, from: this.currentVersion, channel: config.channel, feed: config.feed, reason: failure.reason } });
      this.current = { ...IDLE, state: failure.state, version, checkedAt, message: failure.message, hint: failure.hint };
      return this.status();
    }
    const downloaded = this.audit.append({ actor: this.actor(), orgId: null, cloud: null, step: 'app_update', outcome: 'succeeded', detail: { action: 'downloaded', version, from: this.currentVersion, channel: config.channel, feed: config.feed } });
    this.current = { ...IDLE, state: 'ready', version, percent: 100, checkedAt, message: `Version ${version} is downloaded and verified.`, hint: 'Restart to install it; your work is saved.' };
    this.downloadedFrom = { feed: config.feed, channel: config.channel, auditSeq: downloaded.seq };
    this.withdrawal = null;
    return this.status();
  }

  /**
   * A download is installed only while updates stay on with the feed and channel it came from: an
   * engineer, a profile or IT turning them off or moving them withdraws what was downloaded.
   */
  private withdrawnWhy(): string | null {
    if (this.current.state !== 'ready' || !this.downloadedFrom) return null;
    const config = updateConfig(this.settings);
    let why: string | null = null;
    if (config.off) why = `updates are now off (${config.off.message})`;
    else if (config.feed !== this.downloadedFrom.feed || config.channel !== this.downloadedFrom.channel) {
      why = `it came from ${this.downloadedFrom.feed} (${this.downloadedFrom.channel}), and updates now come from ${config.feed ?? 'nowhere'} (${config.channel})`;
    } else if (this.updateSettingsChangedSince(this.downloadedFrom.auditSeq)) {
      // Turned off and on again, here or in another process (the audit log is shared): the release may have been pulled meanwhile.
      why = 'the update settings changed after it was downloaded';
    }
    // Once withdrawn, it stays withdrawn: turning updates back on asks the feed again.
    if (why) {
      this.withdrawal = { version: this.current.version ?? '', why };
      this.current = { ...IDLE, state: 'idle', message: `The downloaded version ${this.current.version} was withdrawn and will not be installed: ${why}.`, hint: 'Check for updates again to get what the current feed and channel publish.' };
      this.downloadedFrom = null;
    }
    return why;
  }

  /** A change to the update settings (or a profile, which may set them) recorded after the download. */
  private updateSettingsChangedSince(seq: number): boolean {
    const names = new Set(['ALPHASWARM_ADMIN_AUTO_UPDATE', 'ALPHASWARM_ADMIN_UPDATE_URL', 'ALPHASWARM_ADMIN_UPDATE_CHANNEL']);
    const later = (step: 'settings_change' | 'profile_import' | 'profile_refresh') => this.audit.list({ step, limit: 50 }).rows.filter((r) => r.seq > seq && r.outcome === 'succeeded');
    return later('settings_change').some((r) => typeof r.detail.name === 'string' && names.has(r.detail.name)) || later('profile_import').length > 0 || later('profile_refresh').some((r) => r.detail.changed !== 'false');
  }

  /** Restart into the downloaded version the engineer agreed to, once nothing is in progress. */
  async restart(version: string): Promise<{ restarting: true; version: string }> {
    this.withdrawnWhy();
    if (this.current.state !== 'ready' && this.withdrawal?.version === version) {
      throw new AppError('precondition_failed', `Version ${version} is not installed: ${this.withdrawal.why}.`, 'Nothing was installed. If updates are on, check for updates again: the app offers what the current feed and channel publish.', { details: { version } });
    }
    const updater = this.updater;
    if (!updater || this.current.state !== 'ready' || this.current.version === null) {
      throw new AppError('precondition_failed', 'There is no downloaded update to install.', 'Check for updates first; the app offers a restart when one is ready.');
    }
    if (this.current.version !== version) {
      throw new AppError('conflict', `The update ready now is ${this.current.version}, not ${version}.`, 'Look at the update prompt again, then choose Restart now.');
    }
    const busy = this.busy.current();
    if (busy.length > 0) {
      throw new AppError('precondition_failed', `Not restarting now: the app is in the middle of ${busy.join(', ')}.`, 'Finish or cancel that first, then choose Restart now again. The update stays downloaded; nothing is lost by waiting.', { details: { busy } });
    }
    // The feed is asked once more: a release pulled since the download (or updates turned off and on
    // by hand in between, which leaves no trace here) is never installed.
    let offered: string | null;
    try {
      const again = await updater.checkForUpdates();
      offered = again?.isUpdateAvailable ? again.updateInfo.version : null;
    } catch (error) {
      throw new AppError('cloud_unreachable', `Version ${version} is not installed: the update feed could not be asked whether it still offers it (${String((error as Error)?.message ?? error).slice(0, 200)}).`, 'Nothing was installed; the download stays. Choose Restart now again once the feed can be reached.');
    }
    if (offered !== version) {
      const why = offered ? `the feed now offers ${offered} instead` : 'the feed no longer offers it';
      this.withdrawal = { version, why };
      this.current = { ...IDLE, state: 'idle', message: `The downloaded version ${version} was withdrawn and will not be installed: ${why}.`, hint: 'Check for updates again to get what the feed publishes now.' };
      this.downloadedFrom = null;
      throw new AppError('precondition_failed', `Version ${version} is not installed: ${why}.`, 'Nothing was installed. Check for updates again: the app offers what the feed publishes now.', { details: { version } });
    }
    this.audit.append({ actor: this.actor(), orgId: null, cloud: null, step: 'app_update', outcome: 'succeeded', detail: { action: 'install', version, from: this.currentVersion } });
    // After the reply has gone back to the window: quitAndInstall closes it.
    setImmediate(() => updater.quitAndInstall(false, true));
    return { restarting: true, version };
  }
}

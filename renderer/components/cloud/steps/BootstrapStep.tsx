import type { Artifact } from '../../../../shared/artifacts/artifact.js';
import { LOCAL_PLACEHOLDERS, SETUP, audienceOf, placeholdersIn } from '../../../../shared/artifacts/setup-methods.js';
import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';
import { Facts } from '../../common/Facts.js';
import type { CloudUi, TargetValues } from '../clouds/types.js';
import { ArtifactAudiences } from './ArtifactAudiences.js';
import { BootstrapFields } from './BootstrapFields.js';
import { SetupMethodChoice } from './SetupMethodChoice.js';

interface Props<C extends CloudKind> {
  readonly ui: CloudUi<C>;
  readonly bootstrap: CloudOut<C>['bootstrap'];
  readonly method: string | null;
  readonly target: TargetValues;
  readonly problems: Record<string, string | undefined>;
  onMethod(method: string): void;
  /** A value that changes what main generates (a tenant, a project): reloads the artifacts. */
  onField(name: string, value: string): void;
  /** A value only this window fills into the text (an OU id): nothing is reloaded or reset. */
  onLocal(name: string, value: string): void;
}

/** A local placeholder's value, once it matches its strict pattern; otherwise the placeholder stays. */
function fillLocal(content: string, target: TargetValues): string {
  let out = content;
  for (const [name, spec] of Object.entries(LOCAL_PLACEHOLDERS)) {
    const value = target[`local:${name}`]?.trim() ?? '';
    if (spec.pattern.test(value)) out = out.split(`<${name}>`).join(value);
  }
  return out;
}

/**
 * Step 2: one setup method at a time, its pieces grouped by who runs them. Everything here is
 * generated on this laptop, offline; fields fill the commands as they are typed.
 */
export function BootstrapStep<C extends CloudKind>({ ui, bootstrap, method, target, problems, onMethod, onField, onLocal }: Props<C>) {
  const setup = SETUP[ui.cloud];
  const chosen = setup.methods.find((m) => m.id === method) ?? setup.methods[0]!;
  const byId = new Map<string, Artifact>(bootstrap.artifacts.map((a) => [a.id, a]));
  // The platform profile says AlphaSwarm's side is done for this org: only the customer's tasks show.
  const shown = [...setup.always, ...chosen.artifacts].flatMap((id) => {
    const a = byId.get(id);
    return a && !(bootstrap.platformSideDone && audienceOf(ui.cloud, id) === 'platform') ? [{ ...a, content: fillLocal(a.content, target) }] : [];
  });
  const customer = shown.filter((a) => audienceOf(ui.cloud, a.id) === 'customer');
  const platform = shown.filter((a) => audienceOf(ui.cloud, a.id) === 'platform');
  const links = ui.bootstrapLinks(bootstrap);
  const localNeeded = Object.keys(LOCAL_PLACEHOLDERS).filter((p) => shown.some((a) => byId.get(a.id)!.content.includes(`<${p}>`)));
  const stillMissing = [...new Set(shown.flatMap((a) => placeholdersIn(a.content)))];
  // A note about one method (StackSets' management account) shows under that method only.
  const notes = bootstrap.notes.filter((n) => n.method === undefined || n.method === chosen.id);

  return (
    <div className="stack" data-testid="bootstrap-step">
      {setup.methods.length > 1 && <SetupMethodChoice methods={setup.methods} chosen={chosen.id} onMethod={onMethod} />}
      {setup.methods.length === 1 && <p className="muted">{chosen.summary}</p>}

      <BootstrapFields ui={ui} target={target} problems={problems} localNeeded={localNeeded} onField={onField} onLocal={onLocal} />

      <Facts rows={ui.bootstrapFacts(bootstrap)} testId="bootstrap-facts" />
      {notes.length > 0 && (
        <ul className="notes" data-testid="bootstrap-notes">
          {notes.map((n) => (
            <li key={n.text} className={`note note--${n.level}`}>
              {n.text}
            </li>
          ))}
        </ul>
      )}
      {bootstrap.platformSideDone && (
        <p className="note note--info" data-testid="platform-side-done">
          AlphaSwarm&apos;s platform team has already done its side for this organisation (your platform profile says so): only the customer&apos;s tasks are left.
        </p>
      )}
      {stillMissing.length > 0 && (
        <p className="note note--info" data-testid="placeholders-left">
          Some commands still hold {stillMissing.map((p) => `<${p}>`).join(', ')}: fill the fields above before copying them.
        </p>
      )}

      <ArtifactAudiences customer={customer} platform={platform} links={links} platformNote={setup.platformNote} />
    </div>
  );
}

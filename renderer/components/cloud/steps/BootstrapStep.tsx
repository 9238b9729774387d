import { useId } from 'react';
import type { Artifact } from '../../../../shared/artifacts/artifact.js';
import { LOCAL_PLACEHOLDERS, SETUP, audienceOf, placeholdersIn } from '../../../../shared/artifacts/setup-methods.js';
import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';
import { api, safeCall } from '../../../api.js';
import { Facts } from '../../common/Facts.js';
import { Field } from '../../common/Field.js';
import type { CloudUi, TargetValues } from '../clouds/types.js';
import { ArtifactBlock } from './ArtifactBlock.js';

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
  const shown = [...setup.always, ...chosen.artifacts].flatMap((id) => {
    const a = byId.get(id);
    return a ? [{ ...a, content: fillLocal(a.content, target) }] : [];
  });
  const customer = shown.filter((a) => audienceOf(ui.cloud, a.id) === 'customer');
  const platform = shown.filter((a) => audienceOf(ui.cloud, a.id) === 'platform');
  const links = ui.bootstrapLinks(bootstrap);
  const localNeeded = Object.keys(LOCAL_PLACEHOLDERS).filter((p) => shown.some((a) => byId.get(a.id)!.content.includes(`<${p}>`)));
  const stillMissing = [...new Set(shown.flatMap((a) => placeholdersIn(a.content)))];
  const methodName = useId();

  return (
    <div className="stack" data-testid="bootstrap-step">
      {setup.methods.length > 1 && (
        <fieldset className="choice choice--cards" data-testid="setup-method">
          <legend>How will the customer set it up?</legend>
          {setup.methods.map((m) => (
            <label key={m.id} className={`method ${m.id === chosen.id ? 'method--selected' : ''}`}>
              <input type="radio" name={methodName} value={m.id} checked={m.id === chosen.id} onChange={() => onMethod(m.id)} data-testid={`method-${m.id}`} />
              <span className="method__label">{m.label}</span>
              <span className="method__summary">{m.summary}</span>
            </label>
          ))}
        </fieldset>
      )}
      {setup.methods.length === 1 && <p className="muted">{chosen.summary}</p>}

      {(ui.bootstrapFields.length > 0 || ui.bootstrapOptions.length > 0 || localNeeded.length > 0) && (
        <div className="inline-form" data-testid="bootstrap-fields">
          {ui.targetFields
            .filter((f) => ui.bootstrapFields.includes(f.name))
            .map((f) => (
              <Field
                key={f.name}
                label={f.label}
                placeholder={f.placeholder}
                help="Fills it into the commands below as you type; step 3 needs it too."
                value={target[f.name] ?? ''}
                problem={(target[f.name] ?? '') !== '' ? problems[f.name] : undefined}
                onChange={(e) => onField(f.name, e.target.value)}
                data-testid={`bootstrap-${f.name}`}
              />
            ))}
          {localNeeded.map((p) => {
            const spec = LOCAL_PLACEHOLDERS[p]!;
            const value = target[`local:${p}`] ?? '';
            return (
              <Field
                key={p}
                label={spec.label}
                placeholder={spec.example}
                help="Only fills the commands below; it is not sent anywhere."
                value={value}
                problem={value.trim() !== '' && !spec.pattern.test(value.trim()) ? `Expected an id like ${spec.example}.` : undefined}
                onChange={(e) => onLocal(`local:${p}`, e.target.value)}
                data-testid={`local-${p}`}
              />
            );
          })}
          {ui.bootstrapOptions.map((o) => (
            <fieldset key={o.name} className="choice">
              <legend>{o.label}</legend>
              {o.choices.map((c) => (
                <label key={c.value}>
                  <input
                    type="radio"
                    name={o.name}
                    value={c.value}
                    checked={(target[o.name] ?? o.choices[0]!.value) === c.value}
                    onChange={() => onField(o.name, c.value)}
                    data-testid={`option-${o.name}-${c.value}`}
                  />{' '}
                  {c.label}
                  <span className="choice__help">{c.help}</span>
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      )}

      <Facts rows={ui.bootstrapFacts(bootstrap)} testId="bootstrap-facts" />
      {bootstrap.notes.length > 0 && (
        <ul className="notes">
          {bootstrap.notes.map((n) => (
            <li key={n.text} className={`note note--${n.level}`}>
              {n.text}
            </li>
          ))}
        </ul>
      )}
      {stillMissing.length > 0 && (
        <p className="note note--info" data-testid="placeholders-left">
          Some commands still hold {stillMissing.map((p) => `<${p}>`).join(', ')}: fill the fields above before copying them.
        </p>
      )}

      <section className="audience" aria-labelledby={`${methodName}-customer`} data-testid="audience-customer">
        <h4 id={`${methodName}-customer`}>For the customer's admin</h4>
        {links.length > 0 && (
          <div className="row">
            {links.map((l) => (
              <button key={l.url} type="button" className="btn" onClick={() => void safeCall(() => api.links.open({ url: l.url }))} data-testid="open-link">
                {l.label} ↗
              </button>
            ))}
          </div>
        )}
        {customer.map((a) => (
          <ArtifactBlock key={a.id} artifact={a} testId={`artifact-${a.id}`} />
        ))}
      </section>
      {platform.length > 0 && (
        <section className="audience audience--platform" aria-labelledby={`${methodName}-platform`} data-testid="audience-platform">
          <h4 id={`${methodName}-platform`}>For AlphaSwarm's platform team</h4>
          <p className="muted">{setup.platformNote}</p>
          {platform.map((a) => (
            <ArtifactBlock key={a.id} artifact={a} testId={`artifact-${a.id}`} />
          ))}
        </section>
      )}
    </div>
  );
}

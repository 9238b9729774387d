import { LOCAL_PLACEHOLDERS } from '../../../../shared/artifacts/setup-methods.js';
import type { CloudKind } from '../../../../shared/domain/cloud.js';
import { Field } from '../../common/Field.js';
import type { CloudUi, TargetValues } from '../clouds/types.js';

interface Props<C extends CloudKind> {
  readonly ui: CloudUi<C>;
  readonly target: TargetValues;
  readonly problems: Record<string, string | undefined>;
  /** The local placeholders the shown commands hold (an OU id): filled here, never sent. */
  readonly localNeeded: readonly string[];
  onField(name: string, value: string): void;
  onLocal(name: string, value: string): void;
}

/** Step 2's fields: values main fills into the artifacts, values only this window fills, and the cloud's options. */
export function BootstrapFields<C extends CloudKind>({ ui, target, problems, localNeeded, onField, onLocal }: Props<C>) {
  if (ui.bootstrapFields.length === 0 && ui.bootstrapOptions.length === 0 && localNeeded.length === 0) return null;
  const optionValue = (name: string) => target[name] ?? ui.bootstrapOptions.find((o) => o.name === name)?.choices[0]?.value;
  const ownFields = (ui.bootstrapOnlyFields ?? []).filter((f) => !f.when || optionValue(f.when.option) === f.when.value);
  return (
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
      {ownFields.map((f) => (
        <Field
          key={f.name}
          label={f.label}
          placeholder={f.placeholder}
          help={f.help}
          value={target[f.name] ?? ''}
          problem={(target[f.name] ?? '') !== '' ? problems[f.name] : undefined}
          onChange={(e) => onField(f.name, e.target.value)}
          data-testid={`bootstrap-${f.name}`}
        />
      ))}
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
  );
}

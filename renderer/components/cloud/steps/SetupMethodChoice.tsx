import { useId } from 'react';

interface Method {
  readonly id: string;
  readonly label: string;
  readonly summary: string;
}

/** How the customer will set it up (CLI, Terraform, console…): one card per method. */
export function SetupMethodChoice({ methods, chosen, onMethod }: { methods: readonly Method[]; chosen: string; onMethod: (id: string) => void }) {
  const name = useId();
  return (
    <fieldset className="choice choice--cards" data-testid="setup-method">
      <legend>How will the customer set it up?</legend>
      {methods.map((m) => (
        <label key={m.id} className={`method ${m.id === chosen ? 'method--selected' : ''}`}>
          <input type="radio" name={name} value={m.id} checked={m.id === chosen} onChange={() => onMethod(m.id)} data-testid={`method-${m.id}`} />
          <span className="method__label">{m.label}</span>
          <span className="method__summary">{m.summary}</span>
        </label>
      ))}
    </fieldset>
  );
}

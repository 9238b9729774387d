import { useId } from 'react';

export type SaveChoice = { mode: 'add' } | { mode: 'replace'; account: string };

interface Props {
  readonly orgId: string;
  /** The cloud's name ("AWS"). */
  readonly noun: string;
  /** What saving would connect, when it can be told yet. */
  readonly account: string | null;
  readonly existing: readonly { account: string; primary: boolean }[];
  readonly choice: SaveChoice | undefined;
  onChoose(choice: SaveChoice): void;
}

/** When the org already has this cloud: add another account, or replace one of them — never silently. */
export function SaveChoiceFieldset({ orgId, noun, account, existing, choice, onChoose }: Props) {
  const name = useId();
  return (
    <fieldset className="choice" data-testid="save-choice">
      <legend>
        {orgId} already has {existing.length === 1 ? `a ${noun} connection` : `${existing.length} ${noun} connections`}. What should saving {account ? <code>{account}</code> : 'this one'} do?
      </legend>
      <label>
        <input type="radio" name={name} checked={choice?.mode === 'add'} onChange={() => onChoose({ mode: 'add' })} data-testid="choice-add" /> Add another account
        <span className="choice__help">Both stay connected; {existing.find((o) => o.primary)?.account ?? 'the current primary'} stays the primary.</span>
      </label>
      {existing.map((o) => (
        <label key={o.account}>
          <input
            type="radio"
            name={name}
            checked={choice?.mode === 'replace' && choice.account === o.account}
            onChange={() => onChoose({ mode: 'replace', account: o.account })}
            data-testid={`choice-replace-${o.account}`}
          />{' '}
          Replace <code>{o.account}</code>
          {o.primary ? ' (primary)' : ''}
          <span className="choice__help">Disconnects it and keeps its cleanup checklist on the org page until you verify the old access is refused.</span>
        </label>
      ))}
    </fieldset>
  );
}

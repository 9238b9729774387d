import { useRef } from 'react';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { BatchCloud } from './parsed.js';

const HELP: Readonly<Record<BatchCloud, { label: string; placeholder: string; help: string }>> = {
  aws: {
    label: 'AWS account ids',
    placeholder: '444455556666\n777788889999',
    help: 'One 12-digit id per line, a CSV with an account_id column, or what `aws organizations list-accounts` prints. Each account must already have the role (StackSets create it everywhere).',
  },
  azure: { label: 'Subscription ids', placeholder: '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', help: 'One per line, or a CSV with a subscription_id column. All in the tenant above.' },
  gcp: { label: 'Projects', placeholder: 'acme-prod-4821:483920174562', help: 'One <project id>:<project number> per line, or a CSV with project_id and project_number columns.' },
};

/** Largest list file read; bigger lists are split, or read from AWS Organizations. */
const MAX_FILE_BYTES = 1024 * 1024;

/** The list of accounts, typed or pasted. */
export function ListText({ id, cloud, text, disabled, onText }: { id: string; cloud: BatchCloud; text: string; disabled: boolean; onText: (text: string) => void }) {
  const help = HELP[cloud];
  return (
    <div className="field">
      <label htmlFor={id}>{help.label}</label>
      <textarea
        id={id}
        className="textarea"
        rows={6}
        value={text}
        placeholder={help.placeholder}
        spellCheck={false}
        onChange={(e) => onText(e.target.value)}
        disabled={disabled}
        aria-describedby={`${id}-help`}
        data-testid="many-list"
      />
      <div id={`${id}-help`} className="field__help">
        {help.help}
      </div>
    </div>
  );
}

/** "Load a file…": a list file read in the page (at most 1 MB), handed on as text. */
export function ListFileButton({ disabled, onText, onError }: { disabled: boolean; onText: (text: string) => void; onError: (e: ErrorData) => void }) {
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={fileInput}
        type="file"
        accept=".txt,.csv,.json,text/plain,text/csv,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          if (file.size > MAX_FILE_BYTES) return onError({ code: 'bad_request', message: `${file.name} is larger than 1 MB.`, hint: 'Split the list, or load the accounts from AWS Organizations.' });
          void file.text().then(onText);
        }}
        data-testid="many-file"
      />
      <button type="button" className="btn" onClick={() => fileInput.current?.click()} disabled={disabled}>
        Load a file…
      </button>
    </>
  );
}

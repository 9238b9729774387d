import type { InputHTMLAttributes } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  readonly label: string;
  readonly help?: string;
  readonly problem?: string | null;
}

/** A labelled input that shows its own problem next to it. */
export function Field({ label, help, problem, id, ...input }: FieldProps) {
  const fieldId = id ?? `field-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <div className={`field ${problem ? 'field--invalid' : ''}`}>
      <label htmlFor={fieldId}>{label}</label>
      <input id={fieldId} aria-invalid={problem ? true : undefined} aria-describedby={`${fieldId}-help`} spellCheck={false} autoComplete="off" {...input} />
      <div id={`${fieldId}-help`} className={problem ? 'field__problem' : 'field__help'}>
        {problem ?? help ?? ''}
      </div>
    </div>
  );
}

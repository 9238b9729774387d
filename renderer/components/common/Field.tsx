import { type InputHTMLAttributes, useId } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  readonly label: string;
  readonly help?: string | undefined;
  readonly problem?: string | null | undefined;
}

/** A labelled input that shows its own problem next to it. */
export function Field({ label, help, problem, id, ...input }: FieldProps) {
  const generated = useId();
  const fieldId = id ?? `field${generated.replace(/:/g, '')}`;
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

import { Field } from './Field.js';

/** The one field a one-time code is typed into: numeric keypad, the browser's one-time-code autofill. */
export function OtpField({ label, value, onChange, help, testId, autoFocus }: { label: string; value: string; onChange: (v: string) => void; help?: string; testId?: string; autoFocus?: boolean }) {
  return (
    <Field
      label={label}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      maxLength={7}
      help={help}
      data-testid={testId}
    />
  );
}

/** Six digits, spaces forgiven (main checks again). */
export function otpReady(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s+/g, ''));
}

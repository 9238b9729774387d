/**
 * A filter: "any" (the empty string) or one value from a fixed list. The change is looked up in
 * the list, not cast, so nothing typed can ask for a value the list never holds.
 */
export function AnyOfSelect<T extends string>({
  label,
  values,
  labels,
  value,
  onChange,
  testId,
}: {
  label: string;
  values: readonly T[];
  /** How each value reads; the value itself when absent. */
  labels?: Readonly<Record<T, string>>;
  value: T | '';
  onChange: (v: T | '') => void;
  testId: string;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(values.find((x) => x === e.target.value) ?? '')} data-testid={testId}>
        <option value="">any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {labels ? labels[v] : v}
          </option>
        ))}
      </select>
    </label>
  );
}

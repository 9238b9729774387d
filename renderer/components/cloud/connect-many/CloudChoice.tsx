import { CLOUD_LABELS } from '../../../../shared/domain/cloud.js';
import type { BatchCloud } from './parsed.js';

/** Which cloud's accounts the list holds. */
export function CloudChoice({ name, cloud, disabled, onChoose }: { name: string; cloud: BatchCloud; disabled: boolean; onChoose: (c: BatchCloud) => void }) {
  return (
    <fieldset className="choice choice--inline" disabled={disabled}>
      <legend>Cloud</legend>
      {(['aws', 'azure', 'gcp'] as const).map((c) => (
        <label key={c}>
          <input type="radio" name={name} checked={cloud === c} onChange={() => onChoose(c)} data-testid={`many-cloud-${c}`} /> {CLOUD_LABELS[c]}
        </label>
      ))}
    </fieldset>
  );
}

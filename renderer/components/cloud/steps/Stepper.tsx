import type { StepNumber } from '../wizard-state.js';

export const STEP_TITLES: Readonly<Record<StepNumber, string>> = {
  1: 'Choose cloud',
  2: 'Bootstrap artifacts',
  3: 'Validate identity',
  4: 'Validate permissions',
  5: 'Save',
};

export function Stepper({ current, furthest, onGo }: { current: StepNumber; furthest: StepNumber; onGo: (s: StepNumber) => void }) {
  return (
    <ol className="stepper" aria-label="Onboarding steps">
      {([1, 2, 3, 4, 5] as const).map((n) => {
        const state = n === current ? 'current' : n < furthest ? 'done' : n === furthest ? 'open' : 'locked';
        return (
          <li key={n} className={`stepper__item stepper__item--${state}`}>
            <button type="button" disabled={n > furthest} onClick={() => onGo(n)} aria-current={n === current ? 'step' : undefined} data-testid={`stepper-${n}`}>
              <span className="stepper__num">{state === 'done' ? '✓' : n}</span>
              <span className="stepper__label">{STEP_TITLES[n]}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

export type StepperStep = 1 | 2 | 3 | 4 | 5;

export const STEP_TITLES: Readonly<Record<StepperStep, string>> = {
  1: 'Choose cloud',
  2: 'Bootstrap artifacts',
  3: 'Validate identity',
  4: 'Validate permissions',
  5: 'Save',
};

export function stepTitle(n: number): string {
  return n === 1 || n === 2 || n === 3 || n === 4 || n === 5 ? STEP_TITLES[n] : `step ${n}`;
}

/** The five steps; a step opens once the one before it is done. Stays in view while scrolling. */
export function Stepper({ current, furthest, onGo }: { current: StepperStep; furthest: StepperStep; onGo: (s: StepperStep) => void }) {
  return (
    <ol className="stepper" aria-label="Onboarding steps">
      {([1, 2, 3, 4, 5] as const).map((n) => {
        const state = n === current ? 'current' : n < furthest ? 'done' : n === furthest ? 'open' : 'locked';
        return (
          <li key={n} className={`stepper__item stepper__item--${state}`}>
            <button type="button" disabled={n > furthest} onClick={() => onGo(n)} aria-current={n === current ? 'step' : undefined} data-testid={`stepper-${n}`}>
              <span className="stepper__num" aria-hidden="true">
                {state === 'done' ? '✓' : n}
              </span>
              <span className="stepper__label">
                <span className="visually-hidden">Step {n}: </span>
                {STEP_TITLES[n]}
                {state === 'done' && <span className="visually-hidden"> (done)</span>}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

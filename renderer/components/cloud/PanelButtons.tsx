import type { RefObject } from 'react';

/** The org page's ways to connect: the whole estate (with what its last scan found still waiting), many accounts, or one account with the wizard. */
export function PanelButtons({ waiting, wizardButton, onEstate, onMany, onWizard }: { waiting: number | null; wizardButton: RefObject<HTMLButtonElement | null>; onEstate: () => void; onMany: () => void; onWizard: () => void }) {
  return (
    <div className="row">
      <button className="btn" type="button" onClick={onEstate} data-testid="open-connect-estate">
        Connect the whole estate
        {waiting ? (
          <span className="badge badge--warn" data-testid="estate-waiting">
            {waiting} not yet connected
          </span>
        ) : null}
      </button>
      <button className="btn" type="button" onClick={onMany} data-testid="open-connect-many">
        Connect many accounts
      </button>
      {/* Focus comes back here when the wizard is done or closed. */}
      <button ref={wizardButton} className="btn btn--primary" type="button" onClick={onWizard} data-testid="open-wizard">
        Connect a cloud account
      </button>
    </div>
  );
}

import { useId } from 'react';
import type { ScopeNode } from '../../../../shared/ipc/estate-schemas.js';
import { flatNodes } from './selection.js';

/** Step 1: the scope of the run — the whole organization, or one OU and everything below it. */
export function ScopePicker({ root, value, included, disabled, onChoose }: { root: ScopeNode; value: string; included: number; disabled: boolean; onChoose: (id: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Scope</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChoose(e.target.value)} data-testid="estate-scope">
        {flatNodes(root).map(({ node, depth }) => (
          <option key={node.id} value={node.id}>
            {`${'\u2003'.repeat(depth)}${node.kind === 'root' ? 'The whole organization' : node.name} (${node.id})`}
          </option>
        ))}
      </select>
      <div className="field__help" data-testid="estate-scope-help">
        {included > 1
          ? `The saved selection includes ${included} OUs (chosen on the command line): only their accounts are connected. Choosing a scope here replaces them.`
          : 'Only accounts at or below the scope are connected; untick a group (an OU, a management group or a folder) or an account below to leave it out.'}
      </div>
    </div>
  );
}

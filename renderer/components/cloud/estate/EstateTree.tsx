import { useState } from 'react';
import type { EstateCounts, EstateEntry, EstateSelection, ScopeNode } from '../../../../shared/ipc/estate-schemas.js';
import { EstateAccountRow } from './EstateAccountRow.js';
import { NodeCounts } from './NodeCounts.js';

interface TreeProps {
  readonly node: ScopeNode;
  readonly depth: number;
  readonly selection: EstateSelection;
  readonly byNode: ReadonlyMap<string, EstateCounts>;
  readonly byId: ReadonlyMap<string, EstateEntry>;
  /** An OU above this one is left out: this one follows it. */
  readonly parentOut: boolean;
  readonly disabled: boolean;
  readonly onToggleOu: (id: string) => void;
  readonly onToggleAccount: (id: string) => void;
}

/** One node of the organization (the root or an OU): a box to leave it out, its counts, then its OUs and accounts. */
export function EstateTree(p: TreeProps) {
  const { node, depth, selection } = p;
  const [open, setOpen] = useState(depth < 2);
  const out = p.parentOut || selection.excludeOus.includes(node.id);
  return (
    <li className="estate__node" data-testid={`estate-node-${node.id}`}>
      <div className="row">
        <button type="button" className="btn btn--ghost btn--small" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={`${open ? 'Collapse' : 'Expand'} ${node.name}`}>
          {open ? '▾' : '▸'}
        </button>
        <label className="row">
          <input type="checkbox" checked={!out} disabled={p.disabled || p.parentOut} onChange={() => p.onToggleOu(node.id)} data-testid={`estate-ou-box-${node.id}`} />
          <strong>{node.name}</strong> <code className="small">{node.id}</code>
        </label>
        <NodeCounts counts={p.byNode.get(node.id)} testId={`estate-counts-${node.id}`} />
      </div>
      {open && (
        <ul className="estate__children">
          {node.children.map((child) => (
            <EstateTree key={child.id} {...p} node={child} depth={depth + 1} parentOut={out} />
          ))}
          {node.accounts.map((a) => {
            const entry = p.byId.get(a.id);
            return entry ? <EstateAccountRow key={a.id} entry={entry} excluded={out || selection.excludeAccounts.includes(a.id)} disabled={p.disabled || out} onToggle={() => p.onToggleAccount(a.id)} /> : null;
          })}
        </ul>
      )}
    </li>
  );
}

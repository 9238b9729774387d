import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { AnyPermissions, CloudOut } from '../../../../shared/ipc/cloud-types.js';
import { Badge, type BadgeTone } from '../../common/Badge.js';
import type { Busy } from '../wizard/wizard-state.js';

type Line = readonly [string, BadgeTone, string];

/**
 * The three read-only checks of one Validate, each with its result where the engineer is looking:
 * waiting, checking, passed, or what failed (the details open in their own step).
 */
export function ValidateAllStatus({ identity, permissions, enumeration, busy }: { identity: boolean; permissions: AnyPermissions | null; enumeration: CloudOut<CloudKind>['enumeration'] | null; busy: Busy | null }) {
  if (!identity && !permissions && busy !== 'identity') return null;
  const missing = permissions?.checks.filter((c) => c.status === 'missing').length ?? 0;
  const lines: Line[] = [
    ['Identity', busy === 'identity' ? 'info' : identity ? 'ok' : 'muted', busy === 'identity' ? 'checking…' : identity ? 'validated' : 'waiting'],
    [
      'Permissions',
      busy === 'permissions' ? 'info' : !permissions ? 'muted' : missing ? 'bad' : 'ok',
      busy === 'permissions' ? 'checking…' : !permissions ? 'waiting' : missing ? `${missing} missing` : permissions.allGranted ? 'all granted' : 'nothing missing (some not verifiable)',
    ],
    ['What it can see', busy === 'enumerate' ? 'info' : enumeration ? 'ok' : 'muted', busy === 'enumerate' ? 'listing…' : enumeration ? 'listed' : 'waiting'],
  ];
  return (
    <ul className="checklist-inline" data-testid="validate-all-status" aria-label="Validation checks">
      {lines.map(([what, tone, word]) => (
        <li key={what} data-testid={`validate-all-${what === 'What it can see' ? 'enumeration' : what.toLowerCase()}`}>
          {what}: <Badge tone={tone}>{word}</Badge>
        </li>
      ))}
    </ul>
  );
}

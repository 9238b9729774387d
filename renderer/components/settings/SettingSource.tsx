import type { SettingStatus } from '../../../shared/ipc/settings.js';
import { Badge } from '../common/Badge.js';

const SOURCE_WORDS: Readonly<Record<SettingStatus['source'], string>> = {
  managed: 'set by your organisation',
  environment: 'from the environment',
  profile: 'from your platform profile',
  'settings file': 'set here',
  'secret store': 'stored encrypted',
  default: 'default',
  unset: 'not set',
};

/** Where the value in force comes from, or that it is missing or invalid. */
export function SourceBadge({ s }: { s: SettingStatus }) {
  if (s.problem) return <Badge tone="bad">invalid</Badge>;
  if (s.source === 'unset') return s.required ? <Badge tone="bad">missing</Badge> : <Badge tone="muted">not set</Badge>;
  return <Badge tone={s.source === 'default' ? 'muted' : 'info'}>{SOURCE_WORDS[s.source]}</Badge>;
}

/** Why a field cannot be edited here, in words, with the variable's name as the detail. */
export function lockedWhy(s: SettingStatus, presenting = false): string | null {
  // While presenting, the variable's name (technical detail) is left out.
  const where = presenting ? '' : ` (${s.name})`;
  if (presenting && s.lockedBy !== 'managed' && s.lockedBy !== 'profile') {
    return 'Settings apply to every organisation on this laptop: they are changed outside presenting mode.';
  }
  switch (s.lockedBy) {
    case 'managed':
      return 'Set by your organisation (managed configuration), which wins over everything else. Ask your IT department if it needs to be different.';
    case 'environment':
      return `Set in the environment${where}, which wins over Settings. Unset it there to change it here.`;
    case 'profile':
      return 'Set by your platform profile, which wins over Settings. The platform team issues a new profile to change it.';
    case 'environment-only':
      return `Only the environment can set this${where}.`;
    default:
      return null;
  }
}

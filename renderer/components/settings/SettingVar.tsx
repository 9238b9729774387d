import { usePresenting } from '../../state/presenting.js';

/** A setting's variable name, the detail an engineer searches for; technical clutter on a customer call, so hidden while presenting. */
export function SettingVar({ name }: { name: string }) {
  const presenting = usePresenting((s) => s.presenting);
  return presenting ? null : <span className="setting__var">{name}</span>;
}

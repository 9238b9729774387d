import { render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { AzureApps } from '../../renderer/components/settings/AzureApps.js';

describe('Settings → Azure: the apps of your organisations', () => {
  it('each app with its orgs, the global one marked, and a warning where an app holds more than 20', () => {
    const many = Array.from({ length: 21 }, (_, i) => `org-${i + 1}`);
    render(
      createElement(AzureApps, {
        rows: [
          { clientId: '6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01', global: true, orgIds: many, overLimit: true },
          { clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', global: false, orgIds: ['globex'], overLimit: false },
        ],
      }),
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01 \(global\)21: org-1, .*org-21Over Entra's 20 federated credentials per app/),
      '3f2504e0-4f89-41d3-9a0c-0305e82c33011: globex',
    ]);
    expect(screen.getAllByText(/Ask the platform team to assign some to another app/)).toHaveLength(1);
  });

  it('nothing without a profile', () => {
    const { container } = render(createElement(AzureApps, { rows: [] }));
    expect(container.textContent).toBe('');
  });
});

import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { fakeApi, resetApi } from './fake-api.js';

// The preload's bridge, in place before any renderer module reads it (renderer/api.ts takes it at load).
Object.defineProperty(window, 'alphaswarm', { value: fakeApi, configurable: true });

// React Testing Library's act() warnings need this flag outside Jest.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  cleanup();
  resetApi();
});

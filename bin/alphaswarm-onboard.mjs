#!/usr/bin/env node
// The CLI runs the same TypeScript services as the app, loaded through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/main.ts');

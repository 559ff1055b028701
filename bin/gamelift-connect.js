#!/usr/bin/env node
// The `gamelift-connect` command: runs the TypeScript CLI through tsx, no build step needed.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/main.ts');

#!/usr/bin/env node
// Entry point of the `onecity` CLI. The server is TypeScript run through tsx's loader so that
// a fresh clone needs no compile step before `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/main.ts');

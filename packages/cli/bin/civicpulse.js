#!/usr/bin/env node
// The `civicpulse` command. The TypeScript sources run through tsx's loader, so a fresh clone needs
// no build step; `register()` is scoped to this process.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main.ts')
await main(process.argv)

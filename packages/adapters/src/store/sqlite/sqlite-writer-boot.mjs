// Boots the writer thread. Without a build step the thread needs tsx's loader registered before
// it imports the TypeScript entry point (loaders registered on the main thread do not carry over
// to workers on Node 20).
import { workerData } from 'node:worker_threads'

if (workerData.tsx) {
  const { register } = await import('tsx/esm/api')
  register()
}
await import(workerData.entry)

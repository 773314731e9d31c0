import { execFileSync } from 'node:child_process';

/** End-to-end tests run the real binary, so the bundle must be current before any test starts. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

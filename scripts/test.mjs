// Runs every check and prints one closing line "N passed, N failed" (type-check, lint and format
// count as one check each, every vitest test as one). Exit 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, rmSync } from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, cmd, args) {
  process.stdout.write(`\n== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) results.passed += 1;
  else {
    results.failed += 1;
    failures.push(name);
  }
  return r.status === 0;
}

const extra = process.argv.slice(2);
step('typecheck', 'tsc', ['-p', 'tsconfig.json', '--noEmit']);
step('lint', 'eslint', ['--max-warnings=0', '.']);
step('format', 'prettier', ['--check', '--log-level=warn', '.']);
const built = step('build', 'node', ['scripts/build.mjs']);

if (built) {
  mkdirSync('.test-results', { recursive: true });
  rmSync('.test-results/vitest.json', { force: true });
  process.stdout.write('\n== tests: vitest run\n');
  spawnSync('vitest', ['run', '--reporter=default', '--reporter=json', '--outputFile.json=.test-results/vitest.json', ...extra], {
    stdio: 'inherit',
  });
  try {
    const report = JSON.parse(readFileSync('.test-results/vitest.json', 'utf8'));
    results.passed += report.numPassedTests;
    results.failed += report.numFailedTests;
    results.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    // A file that fails to load has no failed tests of its own; count it so it cannot hide.
    for (const file of report.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).every((t) => t.status !== 'failed')) {
        results.failed += 1;
        failures.push(`load ${file.name}`);
      }
    }
    if (report.numFailedTests > 0) failures.push(`${report.numFailedTests} vitest tests`);
  } catch (err) {
    results.failed += 1;
    failures.push(`vitest report unreadable: ${err.message}`);
  }
}

if (failures.length) process.stdout.write(`\nfailed: ${failures.join(', ')}\n`);
const skipped = results.skipped ? `, ${results.skipped} skipped` : '';
process.stdout.write(`${results.passed} passed, ${results.failed} failed${skipped}\n`);
process.exit(results.failed > 0 ? 1 : 0);

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared.js';

/** The project's own eslint.config.js, on text as if it were the named file. */
async function lint(filePath: string, code: string) {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint keeps src/domain and src/store pure', () => {
  it('fails a node:fs import in src/domain, naming why', async () => {
    const messages = await lint('src/domain/issue/leak.ts', "import { readFileSync } from 'node:fs';\nexport const f = () => readFileSync('x', 'utf8');\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/pure \(no I\/O\)/);
  });

  it('fails bare built-ins, I/O packages, React and services in src/domain and src/store', async () => {
    for (const [file, spec] of [
      ['src/domain/x.ts', 'fs'],
      ['src/domain/x.ts', 'child_process'],
      ['src/store/x.ts', 'undici'],
      ['src/store/x.ts', 'ssh2'],
      ['src/domain/x.ts', '@kubernetes/client-node'],
      ['src/domain/x.ts', 'ws'],
      ['src/store/x.ts', 'node:net'],
      ['src/store/x.ts', 'react'],
      ['src/domain/x.ts', '../services/gitea/client.js'],
    ] as const) {
      expect(await lint(file, `import * as m from '${spec}';\nexport const x = m;\n`), `${spec} in ${file}`).toHaveLength(1);
    }
  });

  it('lets services use node:fs and the domain use zod', async () => {
    expect(await lint('src/services/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toEqual([]);
    expect(await lint('src/domain/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { projectApplication } from '../../../src/domain/health/project-crds.js';
import { affectedApplications } from '../../../src/domain/renovate/affected-apps.js';
import { seedDemoWorld } from '../../../src/sim/gitea/index.js';
import { KubeSim } from '../../../src/sim/kube/index.js';
import { APPLICATIONS } from '../../../src/sim/kube/seed/catalog.js';
import { HOMELAB_APPS, appPath } from '../../../src/sim/seed/homelab-repo.js';
import { readSeedText } from '../../../src/sim/seed/read-seed.js';
import { SEED_PULLS } from '../../../src/sim/seed/renovate-prs.js';

// The Gitea seed's repository and the kube seed's Applications are one catalog: a merged PR's files
// must land under the source path of the Applications it updates, or nothing ever goes OutOfSync.

let kube: KubeSim | undefined;
afterEach(async () => {
  await kube?.stop();
  kube = undefined;
});

async function seededApplications() {
  kube = await KubeSim.start({ clock: 'manual', bookmarkIntervalMs: 0 });
  return kube.list('applications', 'argocd').map((a) => projectApplication(a as never));
}

describe('one catalog of app paths for the demo seeds', () => {
  it("every seeded PR's changed files map to the seeded Applications it updates", async () => {
    const apps = await seededApplications();
    const gitea = seedDemoWorld();
    for (const seed of SEED_PULLS) {
      const files = gitea.pullFiles(gitea.issues.get(seed.number)!.pull!).map((f) => f.filename);
      expect(files.length, `PR #${seed.number} changes files`).toBeGreaterThan(0);
      const affected = affectedApplications(files, apps, 'ops/homelab');
      expect(affected, `PR #${seed.number}`).toEqual([...new Set(seed.changes.map((c) => c.app))].sort());
      // Each file on its own hits an Application too: no changed file falls outside every source path.
      for (const f of files) expect(affectedApplications([f], apps, 'ops/homelab'), f).toHaveLength(1);
    }
  });

  it("the repository's folders are exactly the Applications' source paths", async () => {
    const apps = await seededApplications();
    const repoDirs = HOMELAB_APPS.map((a) => appPath(a)).sort();
    expect(apps.flatMap((a) => a.sourcePaths).sort()).toEqual(repoDirs);
    expect(HOMELAB_APPS.map((a) => [a.app, a.namespace])).toEqual(APPLICATIONS.map((a) => [a.name, a.namespace]));
    const tree = [...seedDemoWorld().git.resolve('main')!.tree.keys()];
    for (const dir of repoDirs)
      expect(
        tree.some((f) => f.startsWith(`${dir}/`)),
        dir,
      ).toBe(true);
  });

  it("the Dependency Dashboard's files are files of the repository", () => {
    const tree = [...seedDemoWorld().git.resolve('main')!.tree.keys()];
    const named = [...readSeedText('dependency-dashboard.md').matchAll(/<summary>(kubernetes\/\S+) \(\d+\)<\/summary>/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(5);
    for (const f of named) expect(tree, f).toContain(f);
  });
});

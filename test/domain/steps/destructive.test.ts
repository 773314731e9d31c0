import { describe, expect, test } from 'vitest';
import { challengeFor, findDestructive } from '../../../src/domain/steps/destructive.js';
import { isReadOnlyCommand, looksLikeProse, placeholders } from '../../../src/domain/steps/read-only.js';
import { splitCommands } from '../../../src/domain/steps/shell-words.js';

const rules = (text: string) => findDestructive(text).map((f) => f.rule);

describe('destructive-command classifier', () => {
  test.each([
    ['kubectl -n rook-ceph exec deploy/rook-ceph-tools -- ceph osd purge 8 --yes-i-really-mean-it', ['ceph osd purge', '--yes-i-really-mean-it'], 'osd.8'],
    ['ceph osd out osd.8', ['ceph osd out'], 'osd.8'],
    ['ceph osd reweight 5 0', ['ceph osd reweight 0'], 'osd.5'],
    ['ceph osd crush reweight osd.5 0.0', ['ceph osd crush reweight 0'], 'osd.5'],
    ['ceph osd pool delete rbd rbd --yes-i-really-really-mean-it', ['ceph osd pool delete', '--yes-i-really-mean-it'], 'rbd'],
    ['kubectl delete pod paperless-ngx-5d9 -n paperless', ['kubectl delete'], 'paperless-ngx-5d9'],
    ['kubectl -n databases delete pvc data-postgres-0', ['kubectl delete pvc'], 'data-postgres-0'],
    ['kubectl delete namespace jellyfin', ['kubectl delete namespace'], 'jellyfin'],
    ['rm -rf /var/lib/rook/rook-ceph', ['rm -r'], '/var/lib/rook/rook-ceph'],
    ['sudo rm /etc/kubernetes/old.yaml', ['rm'], '/etc/kubernetes/old.yaml'],
    ['psql -U postgres -c "DROP DATABASE paperless"', ['SQL DROP/TRUNCATE'], null],
    ['kubectl scale deploy/paperless-ngx -n paperless --replicas=0', ['scale to 0'], 'paperless-ngx'],
    ['kubectl scale deploy/paperless-ngx -n paperless --replicas 0 --timeout=60s', ['scale to 0'], 'paperless-ngx'],
    ['kubectl drain onyx --ignore-daemonsets --delete-emptydir-data', ['kubectl drain'], 'onyx'],
    ['helm upgrade rook-ceph rook/rook-ceph --force', ['--force'], null],
    ['helm uninstall rook-ceph -n rook-ceph', ['helm uninstall'], 'rook-ceph'],
    ['git push --force origin main', ['git push --force'], 'main'],
    ['git push -f', ['git push --force'], null],
    ['git push origin +main', ['git push --force'], '+main'],
    ['ssh root@10.0.20.11 "wipefs -a /dev/sdb"', ['wipefs'], '/dev/sdb'],
    ['dd if=/dev/zero of=/dev/sdb bs=1M count=100', ['dd of='], '/dev/sdb'],
    ['curl -X DELETE https://git.example/api/v1/repos/ops/homelab/branches/x', ['HTTP DELETE'], 'https://git.example/api/v1/repos/ops/homelab/branches/x'],
    ['argocd app delete paperless', ['argocd app delete'], 'paperless'],
    ['crictl rmi --prune', ['crictl rmi'], null],
    ['for d in a b; do kubectl delete pod "$d"; done', ['kubectl delete'], '$d'],
    ['bash -c "kubectl delete pvc x -n y"', ['kubectl delete pvc'], 'x'],
  ])('%s', (text, expected, target) => {
    const found = findDestructive(text);
    expect(found.map((f) => f.rule)).toEqual(expected);
    expect(found[0]!.target).toBe(target);
    expect(found[0]!.reason.length).toBeGreaterThan(5);
  });

  test.each([
    "kubectl get events -A | grep -E 'VolumeFailedDelete|still attached' || true",
    '# Option 2: If SSH unavailable, cordon + drain stale workloads',
    'echo "rm -rf / would be bad"',
    'kubectl apply -f /tmp/externalsecrets-backup.yaml',
    'git revert abc123 && git push origin master',
    'ceph osd set noout',
    'ceph osd reweight 5 1.0',
    'ceph crash archive-all',
    'kubectl rollout restart deploy/paperless-ngx -n paperless',
    'kubectl scale deploy/x --replicas=3',
    'curl -s -X POST https://git.example/api/v1/repos/o/r/pulls/54/merge -d \'{"Do":"merge"}\'',
    "grep -n 'delete' notes.md",
  ])('not destructive: %s', (text) => {
    expect(rules(text)).toEqual([]);
  });

  test('the challenge is the first named target, else the item ID', () => {
    expect(challengeFor(findDestructive('ceph osd purge 8 --yes-i-really-mean-it'), 'B2')).toBe('osd.8');
    expect(challengeFor(findDestructive('crictl rmi --prune'), 'A1')).toBe('A1');
    expect(challengeFor(findDestructive('crictl rmi --prune'), null)).toBe('destroy');
    expect(challengeFor([], 'A1')).toBeNull();
  });
});

describe('read-only proof', () => {
  test.each([
    'kubectl get pods -A --no-headers | grep -v Running || true',
    'kubectl -n rook-ceph exec deploy/rook-ceph-tools -- ceph health detail',
    'curl -s "https://git.example/api/v1/repos/o/r/pulls/69" -H "Authorization: token $GITEA_TOKEN" | jq .title',
    'set -a; source ~/.config/gitea/.env; set +a; kubectl top nodes',
    "ssh root@10.0.20.11 'df -h; du -sh /var/lib/rook/* 2>/dev/null | sort -hr | head -10'",
  ])('read-only: %s', (text) => expect(isReadOnlyCommand(text)).toBe(true));

  test.each([
    'kubectl get pods -A > /tmp/pods.txt',
    'kubectl rollout restart deploy/x',
    'curl -s -X POST https://x/api/v1/repos/o/r/pulls/1/merge',
    '~/.config/opencode/scripts/homelab-network-check.sh --json',
    "ssh root@10.0.20.11 'crictl rmi --prune'",
    'kubectl -n rook-ceph exec deploy/rook-ceph-tools -- ceph osd set noout',
    "sed -i 's/a/b/' file",
  ])('not read-only: %s', (text) => expect(isReadOnlyCommand(text)).toBe(false));
});

describe('shell words', () => {
  test('splits at operators, keeps quoted text whole, drops comments and assignments', () => {
    const cmds = splitCommands("MARKER='a b' python3 -c \"x;y\" && echo 'p|q' # tail\nkubectl get pods 2>/dev/null | wc -l");
    expect(cmds.map((c) => c.argv)).toEqual([
      ['python3', '-c', 'x;y'],
      ['echo', 'p|q'],
      ['kubectl', 'get', 'pods'],
      ['wc', '-l'],
    ]);
    expect(cmds[2]!.redirects).toEqual([{ op: '2>', target: '/dev/null' }]);
  });

  test('line continuations join one command', () => {
    expect(splitCommands('curl -s \\\n  -H "A: b" \\\n  https://x')[0]!.argv).toEqual(['curl', '-s', '-H', 'A: b', 'https://x']);
  });

  test('prose and placeholders are recognised', () => {
    expect(looksLikeProse('Review PR #51 + upstream Ceph v20 release notes')).toBe(true);
    expect(looksLikeProse('(If registry allows anonymous) curl -s http://x')).toBe(true);
    expect(looksLikeProse('kubectl get nodes')).toBe(false);
    expect(looksLikeProse('~/.config/opencode/scripts/recon.sh --json')).toBe(false);
    expect(placeholders('git revert <merge-commit-sha> && git push; cat <<EOF')).toEqual(['<merge-commit-sha>']);
  });
});

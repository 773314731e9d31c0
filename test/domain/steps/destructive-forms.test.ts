import { describe, expect, test } from 'vitest';
import { findDestructive } from '../../../src/domain/steps/destructive.js';
import { planCommands } from '../../../src/domain/steps/plan-step.js';

// Each form the review found unrecognised (no typed confirmation), through the shell lexer.
const rules = (text: string) => findDestructive(text).map((f) => f.rule);

describe('destructive forms, one test each', () => {
  test('$(…) as the command word', () => {
    expect(rules('$(echo rm) -rf /var/lib/rook')).toContain('computed command');
    expect(planCommands('$(echo rm) -rf /var/lib/rook', 'B2').challenge).toBe('B2');
  });
  test('backticks as the command word', () => {
    expect(rules('`which kubectl` delete ns media')).toContain('computed command');
  });
  test('a command nested in backticks is classified too', () => {
    expect(rules('echo `kubectl delete pvc data-postgres-0 -n db`')).toContain('kubectl delete pvc');
  });
  test('eval "…"', () => {
    expect(rules('eval "kubectl delete pvc data-postgres-0 -n db"')).toContain('kubectl delete pvc');
    expect(rules("eval 'rm -rf /tmp/x'")).toContain('rm -r');
  });
  test('the k alias for kubectl', () => {
    const f = findDestructive('k -n media delete pod jellyfin-0');
    expect(f).toEqual([expect.objectContaining({ rule: 'kubectl delete', target: 'jellyfin-0' })]);
    expect(rules('k drain k3s-w1 --ignore-daemonsets')).toContain('kubectl drain');
  });
  test('find … -delete (and -exec rm)', () => {
    expect(findDestructive('find /var/lib/rook -name "*.log" -mtime +7 -delete')).toEqual([
      expect.objectContaining({ rule: 'find -delete', target: '/var/lib/rook' }),
    ]);
    expect(rules('find /tmp/x -type f -exec rm {} \\;')).toContain('find -exec rm');
    expect(rules('find /var/log -name "*.gz"')).toEqual([]);
  });
  test('kubectl patch … replicas: 0', () => {
    expect(rules(`kubectl -n media patch deployment jellyfin -p '{"spec":{"replicas":0}}'`)).toContain('scale to 0');
    expect(rules(`kubectl patch sts/postgres -n db --type merge -p 'spec: {replicas: 0}'`)).toContain('scale to 0');
    expect(rules(`kubectl patch deployment jellyfin -p '{"spec":{"replicas":2}}'`)).toEqual([]);
  });
  test('rbd rm', () => {
    expect(findDestructive('rbd rm replicapool/csi-vol-1234')).toEqual([expect.objectContaining({ rule: 'rbd rm', target: 'replicapool/csi-vol-1234' })]);
    expect(rules('kubectl exec -n rook-ceph deploy/rook-ceph-tools -- rbd -p replicapool rm csi-vol-1')).toContain('rbd rm');
    expect(rules('rbd ls replicapool')).toEqual([]);
  });
  test('mv over a file', () => {
    expect(findDestructive('mv values.yaml.new values.yaml')).toEqual([expect.objectContaining({ rule: 'mv over a file', target: 'values.yaml' })]);
    expect(rules('mv -n a.yaml b.yaml')).toEqual([]);
  });
  test(': > file truncation', () => {
    expect(findDestructive(': > /var/log/ceph/ceph.log')).toEqual([expect.objectContaining({ rule: ': > file', target: '/var/log/ceph/ceph.log' })]);
    expect(rules('> /etc/rancher/k3s/registries.yaml')).toContain(': > file');
    expect(rules(': > /dev/null')).toEqual([]);
    expect(rules('kubectl get pods > /tmp/pods.txt')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { needsTerminal } from '../../../src/domain/steps/interactive.js';
import { planCommands } from '../../../src/domain/steps/plan-step.js';

// Interactive means a TTY is needed: the command word or its TTY flags, never a word anywhere.
describe('which commands get the terminal', () => {
  it.each([
    'less /etc/hostname',
    'vi /etc/fstab',
    'sudo vim /etc/hosts',
    'top',
    'htop',
    'watch kubectl get pods -A',
    'k9s --context homelab',
    'kubectl exec -it -n rook-ceph deploy/rook-ceph-tools -- bash',
    'kubectl -n rook-ceph exec -ti rook-ceph-tools-abc -- ceph -w',
    'kubectl exec --stdin --tty pod/x -- sh',
    'k exec -it pod/x -- sh',
    'kubectl edit deployment paperless -n paperless',
    'kubectl run tmp --rm -it --image=busybox -- sh',
    'docker exec -it redis redis-cli',
    'ssh jasper',
    'ssh -p 2222 admin@jasper',
    'ssh -t jasper sudo systemctl status k3s',
    'read -p "Continue? " answer',
    'echo go && less /var/log/syslog',
    '$EDITOR values.yaml',
    'bash',
    'su -',
  ])('%s → terminal', (cmd) => expect(needsTerminal(cmd)).toBe(true));

  it.each([
    'kubectl top nodes',
    'kubectl top pods -A --sort-by=memory',
    'kubectl get pods -A | grep -v Running',
    'kubectl logs deploy/paperless --tail=50',
    'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph status',
    'kubectl exec -i pod/x -- cat /etc/hostname',
    'ssh jasper "sudo systemctl status k3s"',
    'ssh controller uptime',
    'echo top',
    'grep -r less /etc',
    'cat pods.txt | while read name; do kubectl delete pod "$name"; done',
    'kubectl get pods | read first',
    'bash -c "kubectl get nodes"',
    'sort -t: -k2 /etc/passwd',
    'journalctl -u k3s --since "10 min ago" | tail -n 50',
  ])('%s → captured', (cmd) => expect(needsTerminal(cmd)).toBe(false));

  it('plans an item running less as interactive and kubectl top nodes as a captured read', () => {
    expect(planCommands('less /etc/hostname', 'X1')).toMatchObject({ interactive: true });
    expect(planCommands('kubectl top nodes', 'X2')).toMatchObject({ interactive: false });
  });
});

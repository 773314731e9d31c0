import fc from 'fast-check';

/** Random maintenance bodies in every form the parser reads, built from parts so tests know what they hold. */

const word = fc.constantFrom(
  'Restart',
  'osd.3',
  'Ceph',
  'merge',
  'PR #43',
  'paperless-ngx',
  'GREEN',
  'check',
  'the',
  'node',
  '→',
  'día',
  '🟢',
  'x:y',
  '`kubectl`',
  'A1',
  'P2',
);
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const safeTitle = fc
  .array(fc.constantFrom('Restart', 'osd.3', 'Ceph', 'merge', 'PR #43', 'paperless-ngx', 'check', 'node', 'día'), { minLength: 1, maxLength: 5 })
  .map((w) => w.join(' '));
const trailing = fc.constantFrom('', '', '', ' ', '  ', '\t');
const priority = fc.constantFrom('P0', 'P1', 'P2', 'P3');
const layer = fc.constantFrom('Metal', 'System', 'Platform', 'Apps', 'Storage', 'System/Platform/Apps', 'All', 'Tooling');
const commandLine = fc.constantFrom(
  'kubectl get nodes',
  'kubectl exec -n rook-ceph deploy/rook-ceph-tools -- ceph crash archive-all',
  "echo '- [ ] not an item'",
  '  indented | piped',
  '',
  '# comment - [x] done',
);

export interface GenItem {
  id: string;
  priority: string | null;
  layer: string | null;
  title: string;
  checked: boolean;
  lines: string[];
}

function headerLine(id: string, p: string | null, l: string | null, title: string, form: number, bullet: string, mark: string): string {
  const box = `${bullet} [${mark}] `;
  if (form === 1 && p) return `${box}${id} ${p} ${title}`; // no bold, no colon
  if (form === 2 && p) return `${box}${id} P**${p[1]}**: ${title}`; // bold inside the token
  if (form === 3) return `${box}**${id}**: ${title}`; // no priority
  const label = [id, p, l].filter(Boolean).join(' ');
  return `${box}**${label}**: ${title}`;
}

const item = (index: number) =>
  fc
    .record({
      priority: fc.option(priority, { nil: null }),
      layer: fc.option(layer, { nil: null }),
      title: safeTitle,
      tag: fc.boolean(),
      checked: fc.boolean(),
      form: fc.integer({ min: 0, max: 3 }),
      bullet: fc.constantFrom('-', '-', '-', '*', '+'),
      upperX: fc.boolean(),
      trail: trailing,
      goal: fc.option(words, { nil: null }),
      commands: fc.option(fc.oneof(fc.constant('inline' as const), fc.array(commandLine, { minLength: 1, maxLength: 4 })), { nil: null }),
      indent: fc.constantFrom('  ', '    '),
      bare: fc.boolean(),
      expected: fc.option(words, { nil: null }),
      ifFails: fc.option(fc.constantFrom('If fails', 'If Fails', 'IF FAILS'), { nil: null }),
      rollback: fc.option(words, { nil: null }),
    })
    .map((r): GenItem => {
      const id = `${'ABCDEFGH'[index % 8]}${Math.floor(index / 8) + 1}`;
      const p = r.form === 3 ? null : r.priority;
      const l = r.form === 0 ? r.layer : null;
      const title = r.tag ? `[Renovate] ${r.title}` : r.title;
      const mark = r.checked ? (r.upperX ? 'X' : 'x') : ' ';
      const lines = [headerLine(id, p, l, title, r.form === 1 || r.form === 2 ? (p ? r.form : 0) : r.form, r.bullet, mark) + r.trail];
      const detail = (name: string, value: string) => `${r.bare ? '  ' : '  - '}**${name}**: ${value}`;
      if (r.goal) lines.push(detail('Goal', r.goal));
      if (r.commands === 'inline') lines.push(detail('Commands', '`kubectl get pods -A`'));
      else if (r.commands) {
        lines.push(detail('Commands', '').trimEnd());
        lines.push(`${r.indent}\`\`\`bash`, ...r.commands.map((c) => (c === '' ? '' : r.indent + c)), `${r.indent}\`\`\``);
      }
      if (r.expected) lines.push(detail('Expected', r.expected));
      if (r.ifFails) lines.push(detail(r.ifFails, 'stop'));
      if (r.rollback) lines.push(detail('Rollback', r.rollback));
      return { id, priority: p ?? null, layer: l, title, checked: r.checked, lines };
    });

export interface GenBody {
  body: string;
  items: GenItem[];
  hasStatus: boolean;
  hasLastUpdated: boolean;
  changeLogColumns: number | null;
  hasClosure: boolean;
}

const statusValue = fc.constantFrom('🔴 RED', '🟡 YELLOW', 'GREEN', ':yellow_circle: YELLOW', '⚪');
const stampValue = fc.constantFrom('2026-01-30 19:15 CST', '2026-01-31T13:03:31-06:00', '2026-02-13 09:10', '2026-03-07T22:43:00Z');

export const bodyArbitrary = fc
  .record({
    eol: fc.constantFrom('\n', '\r\n'),
    finalNewline: fc.boolean(),
    statusForm: fc.constantFrom('table', 'bullet', 'none'),
    status: statusValue,
    lastUpdated: fc.option(stampValue, { nil: null }),
    itemCount: fc.integer({ min: 0, max: 8 }),
    groups: fc.array(fc.constantFrom('### Critical (P0)', '### Phase A: Preflight', '### P2 - Network', '### Final Validation'), { maxLength: 3 }),
    noise: fc.array(
      fc.constantFrom('Some prose.', '```bash\n- [ ] fenced, not an item\n```', '`- [ ] inline`', '| a | b |\n|---|---|\n| 1 | 2 |', '---', '<!-- comment -->'),
      { maxLength: 3 },
    ),
    changeLog: fc.constantFrom(null, 3, 4, 6),
    placeholder: fc.boolean(),
    wrappers: fc.boolean(),
    closure: fc.boolean(),
  })
  .chain((shape) => fc.tuple(fc.constant(shape), fc.tuple(...Array.from({ length: shape.itemCount }, (_, i) => item(i)))))
  .map(([shape, items]): GenBody => {
    const L: string[] = ['# [Maintenance] 2026-11-26 - Homelab', ''];
    if (shape.statusForm === 'table') {
      L.push('## Status', '', '| Field | Value |', '|-------|-------|', `| **Overall Status** | ${shape.status} |`);
      if (shape.lastUpdated) L.push(`| **Last Updated** | ${shape.lastUpdated}  |`);
      L.push('');
    } else if (shape.statusForm === 'bullet') {
      L.push('## Status', '', `- **Overall Status**: ${shape.status}`);
      if (shape.lastUpdated) L.push(`- **Last Updated**: ${shape.lastUpdated}`);
      L.push('');
    }
    L.push(...shape.noise.flatMap((n) => [...n.split('\n'), '']));
    L.push('## Action Items (Tasks)', '');
    items.forEach((it, i) => {
      const g = shape.groups[i];
      if (g && i % 2 === 0) L.push(g, '');
      L.push(...it.lines, '');
    });
    let columns: number | null = null;
    if (shape.changeLog) {
      columns = shape.changeLog;
      const headers = {
        3: ['Timestamp', 'Action', 'Result'],
        4: ['Timestamp', 'Action', 'User', 'Result'],
        6: ['Timestamp', 'Phase', 'Item', 'Action', 'Result', 'Status After'],
      }[shape.changeLog];
      L.push('## Change Log', '', `| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`);
      if (shape.wrappers) L.push('<!-- markdownlint-disable MD055 MD056 -->');
      if (shape.placeholder) L.push(`| ${headers.map((_, i) => (i === 1 ? 'No actions yet' : '-')).join(' | ')} |`);
      else L.push(`| ${headers.map((_, i) => (i === 0 ? '2026-11-01 10:00' : `v${i}`)).join(' | ')} |`);
      if (shape.wrappers) L.push('<!-- markdownlint-enable MD055 MD056 -->');
      L.push('');
    }
    if (shape.closure) {
      L.push(
        '## Closure (Filled by homelab-action)',
        '',
        '### Completion Criteria:',
        '- [ ] All action items completed',
        '- [ ] Maintenance issue closed',
        '',
        '**Final Status**: PENDING',
        '',
        '**Closed By**: PENDING',
        '**Closed Date**: PENDING',
      );
    }
    let body = L.join(shape.eol);
    body = shape.finalNewline ? body.replace(/(\r?\n)*$/, shape.eol) : body.replace(/(\r?\n)*$/, '');
    return {
      body,
      items,
      hasStatus: shape.statusForm !== 'none',
      hasLastUpdated: shape.statusForm !== 'none' && shape.lastUpdated !== null,
      changeLogColumns: columns,
      hasClosure: shape.closure,
    };
  });

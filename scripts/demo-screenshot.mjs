// CI is unset for the console (not set to false): chalk draws no colour at all when CI exists.
// Renders docs/demo.png from a real tmux capture of `homelab-console demo`: the built binary runs in
// tmux, `capture-pane -e` keeps the colours, and ImageMagick draws the cells in DejaVu Sans Mono.
// Usage: npm run build && node scripts/demo-screenshot.mjs [OUT.png] [COLUMNS ROWS]
// Needs tmux, ImageMagick (/usr/bin/convert) and fonts-dejavu-core.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs', 'demo.png'));
const columns = Number(process.argv[3] ?? 130);
const rows = Number(process.argv[4] ?? 40);
const CONVERT = '/usr/bin/convert';
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
const BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
const SIZE = 14;
const CELL_W = 8.43;
const CELL_H = 17;
const PAD = 12;

const PALETTE = [
  '#1e1e1e',
  '#cd3131',
  '#0dbc79',
  '#e5e510',
  '#2472c8',
  '#bc3fbc',
  '#11a8cd',
  '#e5e5e5',
  '#666666',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#ffffff',
];
const FG = '#d4d4d4';
const BG = '#1e1e1e';

function xterm256(n) {
  if (n < 16) return PALETTE[n];
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const i = n - 16;
  const c = (x) => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${c(Math.floor(i / 36))},${c(Math.floor(i / 6) % 6)},${c(i % 6)})`;
}

/** One screen line of `capture-pane -e` output → cells with fg, bg, bold. */
function parseLine(line) {
  const cells = [];
  let st = { fg: null, bg: null, bold: false, inverse: false };
  // eslint-disable-next-line no-control-regex -- parsing terminal escape sequences is the point
  const re = /\u001b\[([0-9;]*)m|([^\u001b]+)|\u001b/g;
  let m;
  while ((m = re.exec(line))) {
    if (m[2] !== undefined) {
      for (const ch of m[2]) cells.push({ ch, ...st });
      continue;
    }
    if (m[1] === undefined) continue;
    const codes = m[1] === '' ? [0] : m[1].split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) st = { fg: null, bg: null, bold: false, inverse: false };
      else if (c === 1) st = { ...st, bold: true };
      else if (c === 22) st = { ...st, bold: false };
      else if (c === 7) st = { ...st, inverse: true };
      else if (c === 27) st = { ...st, inverse: false };
      else if (c >= 30 && c <= 37) st = { ...st, fg: PALETTE[c - 30] };
      else if (c >= 90 && c <= 97) st = { ...st, fg: PALETTE[c - 90 + 8] };
      else if (c === 39) st = { ...st, fg: null };
      else if (c >= 40 && c <= 47) st = { ...st, bg: PALETTE[c - 40] };
      else if (c >= 100 && c <= 107) st = { ...st, bg: PALETTE[c - 100 + 8] };
      else if (c === 49) st = { ...st, bg: null };
      else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
        st = { ...st, [c === 38 ? 'fg' : 'bg']: xterm256(codes[i + 2]) };
        i += 2;
      } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
        st = { ...st, [c === 38 ? 'fg' : 'bg']: `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})` };
        i += 4;
      }
    }
  }
  return cells;
}

const esc = (s) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

function toMvg(screen) {
  const width = Math.ceil(columns * CELL_W + PAD * 2);
  const height = rows * CELL_H + PAD * 2;
  const ops = [`viewbox 0 0 ${width} ${height}`, `fill '${BG}'`, `rectangle 0,0 ${width},${height}`, `font-size ${SIZE}`];
  screen
    .split('\n')
    .slice(0, rows)
    .forEach((line, y) => {
      const cells = parseLine(line);
      const top = PAD + y * CELL_H;
      cells.forEach((cell, x) => {
        const fg = cell.inverse ? (cell.bg ?? BG) : (cell.fg ?? FG);
        const bg = cell.inverse ? (cell.fg ?? FG) : cell.bg;
        const left = PAD + x * CELL_W;
        if (bg) ops.push(`fill '${bg}'`, `rectangle ${left.toFixed(1)},${top} ${(left + CELL_W).toFixed(1)},${top + CELL_H}`);
        if (cell.ch !== ' ') ops.push(`font '${cell.bold ? BOLD : FONT}'`, `fill '${fg}'`, `text ${left.toFixed(1)},${top + CELL_H - 4} '${esc(cell.ch)}'`);
      });
    });
  return ops.join('\n');
}

const socket = `hc-shot-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const bin = path.join(root, 'bin', 'homelab-console');
tmux(
  '-f',
  '/dev/null',
  'new-session',
  '-d',
  '-s',
  'shot',
  '-x',
  String(columns),
  '-y',
  String(rows),
  `env -u CI TERM=xterm-256color '${process.execPath}' '${bin}' demo; sleep 60`,
);
try {
  const deadline = Date.now() + 30_000;
  let screen = '';
  // Wait until every pane has live data (the grading appears last).
  for (;;) {
    screen = tmux('capture-pane', '-p', '-t', 'shot');
    if (/Overall +. RED/.test(screen) && /Renovate queue \d/.test(screen) && /HEALTH_ERR/.test(screen)) break;
    if (Date.now() > deadline) throw new Error(`the demo never showed every pane:\n${screen}`);
    execFileSync('sleep', ['0.2']);
  }
  execFileSync('sleep', ['1']);
  const colored = tmux('capture-pane', '-p', '-e', '-t', 'shot');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-shot-'));
  const mvg = path.join(dir, 'screen.mvg');
  writeFileSync(mvg, toMvg(colored));
  execFileSync(CONVERT, [`mvg:${mvg}`, out]);
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  tmux('kill-server');
}

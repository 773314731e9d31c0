import { redactSecrets } from '../../domain/redact.js';
import { OUTPUT_LINE_CHARS, OUTPUT_LINES_KEPT, type StepStore } from '../../store/step-store.js';

/** Appends lines to the step pane, keeping only the newest OUTPUT_LINES_KEPT and counting the rest. */
export function appendOutput(store: StepStore, lines: string[]): void {
  if (lines.length === 0) return;
  const clean = lines.map((l) => cutLine(redactSecrets(l)));
  store.setState((s) => {
    const output = s.output.concat(clean);
    const over = output.length - OUTPUT_LINES_KEPT;
    return over > 0 ? { output: output.slice(over), outputDropped: s.outputDropped + over } : { output };
  });
}

function cutLine(line: string): string {
  return line.length > OUTPUT_LINE_CHARS ? `${line.slice(0, OUTPUT_LINE_CHARS)} … (${line.length - OUTPUT_LINE_CHARS} more characters cut)` : line;
}

export function clearOutput(store: StepStore): void {
  store.setState({ output: [], outputDropped: 0 });
}

/** Splits a byte stream into lines; a trailing partial line is kept until the next chunk or flush. */
export class LineSplitter {
  private rest = '';
  constructor(private readonly onLines: (lines: string[]) => void) {}

  push(chunk: Buffer | string): void {
    const text = this.rest + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.rest = parts.pop() ?? '';
    // A progress bar redraws with \r: keep what the line finally says.
    if (parts.length) this.onLines(parts.map((p) => p.slice(p.lastIndexOf('\r') + 1)));
  }

  flush(): void {
    if (this.rest) this.onLines([this.rest.slice(this.rest.lastIndexOf('\r') + 1)]);
    this.rest = '';
  }
}

import { parse, postprocess, preprocess } from 'micromark';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';

/** A task list item's checkbox as a CommonMark + GFM parser sees it: the 0-based line of its `[`, and its state. */
export interface OracleTask {
  line: number;
  checked: boolean;
}

const CONTAINERS = new Set(['blockQuote', 'listOrdered', 'listUnordered']);

/**
 * The top-level task items of `body` according to micromark (CommonMark) with the GFM task-list
 * extension: a `taskListCheck` token whose only enclosing container is one list, i.e. a list that is a
 * direct child of the document root. micromark's tokens carry line/column points, so the line of the
 * `[ ]` is read directly, with no rendering in between.
 */
export function oracleTopLevelTasks(body: string): OracleTask[] {
  const events = postprocess(
    parse({ extensions: [gfmTaskListItem()] })
      .document()
      .write(preprocess()(body, undefined, true)),
  );
  const stack: string[] = [];
  const out: OracleTask[] = [];
  for (let i = 0; i < events.length; i++) {
    const [kind, token] = events[i]!;
    if (CONTAINERS.has(token.type)) {
      if (kind === 'enter') stack.push(token.type);
      else stack.pop();
      continue;
    }
    if (kind !== 'enter' || token.type !== 'taskListCheck') continue;
    if (stack.length !== 1 || stack[0] === 'blockQuote') continue;
    // taskListCheck → taskListCheckMarker, then the value token says checked or not.
    let checked = false;
    for (let j = i + 1; j < events.length && events[j]![1].type !== 'taskListCheck'; j++) {
      if (events[j]![1].type === 'taskListCheckValueChecked') checked = true;
    }
    out.push({ line: token.start.line - 1, checked });
  }
  return out;
}

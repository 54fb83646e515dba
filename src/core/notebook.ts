// A Jupyter notebook as one Python program: its code cells in order, joined by newlines, with
// IPython's own syntax (line magics, shell escapes, help queries, non-Python cell magics) masked
// by text of the same length, so an offset in the program maps to one place in one cell. A cell
// that ends inside a string or brackets is closed before the next one starts, as Jupyter
// compiles each cell on its own.

/** A cell as the notebook holds it; `index` is its place among all cells (markdown included). */
export interface NotebookCell {
  index: number;
  kind: 'code' | 'markup';
  /** The cell's language (VS Code's languageId, or the notebook's kernel language). */
  language: string;
  source: string;
}

/** A range or an edit inside one cell: `cell` is its index among all cells, offsets are in its text. */
export interface CellSpan {
  cell: number;
  from: number;
  to: number;
}

export interface CellEdit extends CellSpan {
  text: string;
}

export interface CellPosition {
  /** The cell's index among all the notebook's cells (0-based, as DESIGN.md's JSON contract). */
  cell: number;
  /** UTF-16 offset in the cell's text. */
  offset: number;
}

/** Cell magics whose body is still Python (IPython's built-ins that time or capture their cell). */
const PYTHON_CELL_MAGICS: ReadonlySet<string> = new Set(['time', 'timeit', 'capture', 'prun', 'debug']);

export class NotebookProgram {
  /** The program text the analyzer reads. */
  readonly source: string;
  /** The analyzed cells in order, each with where its text starts in `source`. */
  readonly parts: readonly { cell: number; from: number; to: number }[];
  /** Each analyzed cell's text as the notebook holds it, by cell index. */
  private readonly cellSources = new Map<number, string>();

  constructor(cells: readonly NotebookCell[]) {
    const parts: { cell: number; from: number; to: number }[] = [];
    let source = '';
    for (const cell of cells) {
      if (cell.kind !== 'code' || !isPython(cell.language)) continue;
      // Between cells: a newline, after whatever closes a string or bracket the cell left open.
      if (parts.length > 0) source += '\n';
      const { text, closer } = maskCell(cell.source);
      parts.push({ cell: cell.index, from: source.length, to: source.length + text.length });
      this.cellSources.set(cell.index, cell.source);
      source += text + closer;
    }
    this.source = source;
    this.parts = parts;
  }

  /**
   * Where a program range lies in the cells. A range that runs past the end of the cell it starts
   * in (a model the analyzer reads across cells) is undefined, or with `clamp` cut at that cell's
   * end: a diagnostic still shows where it starts, an edit must never be cut.
   */
  cellSpan(span: { from: number; to: number }, clamp = false): CellSpan | undefined {
    const start = this.locate(span.from);
    if (!start || span.to < span.from) return undefined;
    const part = this.partOf(start.cell)!;
    if (span.to > part.to && !clamp) return undefined;
    return { cell: start.cell, from: start.offset, to: Math.min(span.to, part.to) - part.from };
  }

  /**
   * A program edit as an edit of one cell's text; undefined when it would cross cells or touch a
   * line whose IPython syntax was masked (applied to the cell, it would not make the text the
   * analyzer planned).
   */
  cellEdit(edit: { from: number; to: number; text: string }): CellEdit | undefined {
    const span = this.cellSpan(edit);
    if (!span) return undefined;
    const part = this.partOf(span.cell)!;
    const masked = this.source.slice(part.from, part.to);
    const lineStart = masked.lastIndexOf('\n', span.from - 1) + 1;
    const nextBreak = masked.indexOf('\n', span.to);
    const lineEnd = nextBreak < 0 ? masked.length : nextBreak;
    if (masked.slice(lineStart, lineEnd) !== this.cellSources.get(span.cell)!.slice(lineStart, lineEnd)) return undefined;
    return { ...span, text: edit.text };
  }

  /** The program range of a range in cell `cell`; undefined for a cell that is not analyzed or offsets outside it. */
  programSpan(cell: number, from: number, to: number): { from: number; to: number } | undefined {
    const start = this.offsetOf(cell, from);
    const end = this.offsetOf(cell, to);
    return start === undefined || end === undefined || end < start ? undefined : { from: start, to: end };
  }

  private partOf(cell: number): { cell: number; from: number; to: number } | undefined {
    return this.parts.find((candidate) => candidate.cell === cell);
  }

  /** The cell and in-cell offset of a program offset; an offset on a joining newline belongs to the cell it ends. */
  locate(offset: number): CellPosition | undefined {
    let low = 0;
    let high = this.parts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const part = this.parts[middle];
      if (offset < part.from) high = middle - 1;
      else if (offset > part.to) low = middle + 1;
      else return { cell: part.cell, offset: offset - part.from };
    }
    return undefined;
  }

  /** The program offset of an in-cell offset; undefined for a cell that is not analyzed. */
  offsetOf(cell: number, offset: number): number | undefined {
    const part = this.partOf(cell);
    return part && offset >= 0 && offset <= part.to - part.from ? part.from + offset : undefined;
  }
}

function isPython(language: string): boolean {
  return language === 'python' || language === 'python3' || language === '';
}

/**
 * IPython syntax made into Python of the same length: a line magic (`%pip install torch`), a shell
 * escape (`!ls`), a leading help query (`?model`) or an `x = !cmd` capture becomes the expression
 * `0` and a comment (a statement, so a loop whose body is `!echo $i` still has one, and
 * `x = !ls` still assigns); `%time stmt` / `%timeit stmt` keep their statement behind `0;`; a help
 * query (`model.fit?`) loses its question marks; a cell magic's first line is masked the same
 * way, and its body is blanked out unless the magic runs Python (`%%time`). IPython drops a cell's
 * leading blank lines before it looks for a cell magic, and applies escapes only where a logical
 * line starts: a continuation line opening with `!=` or `% 2` inside brackets is Python.
 */
export function maskIPython(source: string): string {
  return maskCell(source).text;
}

/** A cell masked, and the text that closes what it leaves open (a string, brackets) for the next cell. */
function maskCell(source: string): { text: string; closer: string } {
  const lines = source.split('\n');
  const firstCode = lines.find((line) => line.trim() !== '') ?? '';
  const cellMagic = /^%%([A-Za-z_]\w*)/.exec(firstCode);
  if (cellMagic && !PYTHON_CELL_MAGICS.has(cellMagic[1])) return { text: source.replace(/[^\n\r]/g, ' '), closer: '' };
  const scanner = new LineScanner();
  const masked = lines.map((line) => {
    const result = scanner.startsLogicalLine() ? maskLine(line) : line;
    scanner.scan(result);
    return result;
  });
  return { text: masked.join('\n'), closer: scanner.closer() };
}

/**
 * Follows strings, brackets and backslash continuations from line to line, which is all it takes
 * to know where a logical line starts (as IPython's input transformers do with the tokenizer).
 */
class LineScanner {
  private brackets: string[] = [];
  /** The open triple-quoted string's quote, if a line ended inside one. */
  private tripleQuote: string | undefined;
  private continued = false;

  startsLogicalLine(): boolean {
    return this.brackets.length === 0 && this.tripleQuote === undefined && !this.continued;
  }

  scan(line: string): void {
    this.continued = false;
    let i = 0;
    while (i < line.length) {
      if (this.tripleQuote !== undefined) {
        const close = this.findQuote(line, i, this.tripleQuote);
        if (close < 0) return;
        this.tripleQuote = undefined;
        i = close + 3;
        continue;
      }
      const char = line[i];
      if (char === '#') return;
      if (char === '\\' && line.slice(i + 1).trim() === '') {
        this.continued = true;
        return;
      }
      if (char === '"' || char === "'") {
        if (line.startsWith(char.repeat(3), i)) {
          this.tripleQuote = char.repeat(3);
          i += 3;
          continue;
        }
        const close = this.findQuote(line, i + 1, char);
        // A one-quote string ends at its line even when it is not closed (a syntax error of its own).
        if (close < 0) return;
        i = close + 1;
        continue;
      }
      if (char === '(' || char === '[' || char === '{') this.brackets.push(CLOSING[char]);
      else if ((char === ')' || char === ']' || char === '}') && this.brackets.at(-1) === char) this.brackets.pop();
      i++;
    }
  }

  /** Where `quote` next closes a string from `from` on, past backslash escapes; -1 when not on this line. */
  private findQuote(line: string, from: number, quote: string): number {
    for (let i = from; i < line.length; i++) {
      if (line[i] === '\\') i++;
      else if (line.startsWith(quote, i)) return i;
    }
    return -1;
  }

  /** What ends the open string and brackets: Jupyter compiles each cell on its own, so none reaches the next. */
  closer(): string {
    return `${this.tripleQuote ?? ''}${[...this.brackets].reverse().join('')}`;
  }
}

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** `line` from `at` on as `0#…`: the same length, one expression statement and a comment. */
function maskFrom(line: string, at: number): string {
  const rest = line.slice(at).replace(/\r$/, '');
  const masked = rest.length === 1 ? '0' : `0#${rest.slice(2)}`;
  return `${line.slice(0, at)}${masked}${line.slice(at + rest.length)}`;
}

function maskLine(line: string): string {
  const indent = /^[ \t]*/.exec(line)![0].length;
  // `%time model = build()`: the statement is Python, only the magic's name is not.
  const timed = /^%time(?:it)?[ \t]+(?=[^\s-])/.exec(line.slice(indent));
  if (timed) return `${line.slice(0, indent)}0;${' '.repeat(timed[0].length - 2)}${line.slice(indent + timed[0].length)}`;
  const first = line[indent];
  if (first === '%' || first === '!' || first === '?') return maskFrom(line, indent);
  // `files = !ls` and `out = %time f()`: the capture's command is not Python.
  const capture = /^[ \t]*[A-Za-z_][\w.]*\s*=\s*([!%])/.exec(line);
  if (capture) return maskFrom(line, capture[0].length - 1);
  const help = /^([ \t]*[A-Za-z_][\w.]*)(\?\??)([ \t\r]*)$/.exec(line);
  if (help) return `${help[1]}${' '.repeat(help[2].length)}${help[3]}`;
  return line;
}

export type NotebookRead = { ok: true; cells: NotebookCell[] } | { ok: false; error: string };

/**
 * The cells of an `.ipynb` file (nbformat 4), or one line saying why it cannot be read. Never
 * throws: broken JSON and unexpected shapes are reported, not raised.
 */
export function readNotebook(text: string): NotebookRead {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, error: `not valid notebook JSON (${(error as Error).message})` };
  }
  if (!isRecord(json) || !Array.isArray(json.cells)) {
    const version = isRecord(json) && typeof json.nbformat === 'number' ? ` (nbformat ${json.nbformat})` : '';
    return { ok: false, error: `not a Jupyter notebook in nbformat 4${version}: no "cells" list` };
  }
  const metadata = isRecord(json.metadata) ? json.metadata : {};
  const languageInfo = isRecord(metadata.language_info) ? metadata.language_info : {};
  const kernelspec = isRecord(metadata.kernelspec) ? metadata.kernelspec : {};
  const language = String(languageInfo.name ?? kernelspec.language ?? 'python').toLowerCase();
  const cells: NotebookCell[] = [];
  json.cells.forEach((cell: unknown, index: number) => {
    if (!isRecord(cell)) return;
    const source = Array.isArray(cell.source) ? cell.source.filter((part) => typeof part === 'string').join('') : typeof cell.source === 'string' ? cell.source : '';
    cells.push({ index, kind: cell.cell_type === 'code' ? 'code' : 'markup', language, source });
  });
  return { ok: true, cells };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A Jupyter notebook as one Python program: its code cells in order, joined by newlines, with
// IPython's own syntax (line magics, shell escapes, help queries, non-Python cell magics) masked
// by text of the same length, so an offset in the program maps to one place in one cell.

/** A cell as the notebook holds it; `index` is its place among all cells (markdown included). */
export interface NotebookCell {
  index: number;
  kind: 'code' | 'markup';
  /** The cell's language (VS Code's languageId, or the notebook's kernel language). */
  language: string;
  source: string;
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

  constructor(cells: readonly NotebookCell[]) {
    const parts: { cell: number; from: number; to: number }[] = [];
    const texts: string[] = [];
    let at = 0;
    for (const cell of cells) {
      if (cell.kind !== 'code' || !isPython(cell.language)) continue;
      const text = maskIPython(cell.source);
      parts.push({ cell: cell.index, from: at, to: at + text.length });
      texts.push(text);
      at += text.length + 1;
    }
    this.source = texts.join('\n');
    this.parts = parts;
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
    const part = this.parts.find((candidate) => candidate.cell === cell);
    return part && offset >= 0 && offset <= part.to - part.from ? part.from + offset : undefined;
  }
}

function isPython(language: string): boolean {
  return language === 'python' || language === 'python3' || language === '';
}

/**
 * IPython syntax made into Python of the same length: a line magic (`%pip install torch`), a shell
 * escape (`!ls`) or an `x = !cmd` capture becomes a comment; a help query (`model.fit?`) loses its
 * question marks; a cell magic's first line becomes a comment, and its body is blanked out unless
 * the magic runs Python (`%%time`).
 */
export function maskIPython(source: string): string {
  const lines = source.split('\n');
  const cellMagic = /^%%([A-Za-z_]\w*)/.exec(lines[0] ?? '');
  if (cellMagic && !PYTHON_CELL_MAGICS.has(cellMagic[1])) return source.replace(/[^\n\r]/g, ' ');
  return lines.map(maskLine).join('\n');
}

function maskLine(line: string): string {
  const indent = /^[ \t]*/.exec(line)![0].length;
  const first = line[indent];
  if (first === '%' || first === '!') return `${line.slice(0, indent)}#${line.slice(indent + 1)}`;
  // `files = !ls` and `out = %time f()`: the capture's command is not Python.
  const capture = /^[ \t]*[A-Za-z_][\w.]*\s*=\s*([!%])/.exec(line);
  if (capture) {
    const at = capture[0].length - 1;
    return `${line.slice(0, at)}#${line.slice(at + 1)}`;
  }
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

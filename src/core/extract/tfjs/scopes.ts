// One walk over a JavaScript/TypeScript tree gathers everything the TF.js extractor reads from
// it: the TF.js imports, the file's quote style, whether the parser had to recover, and for the
// module and each function body (a scope) its calls in document order and its `const` bindings.
// It runs on every keystroke, so it visits each node once and builds node objects only where
// it reads them.

import type { SyntaxNode, SyntaxNodeRef } from '@lezer/common';
import { textOf } from '../../parse';
import type { ImportBinding } from '../../ir';
import { readImportDeclaration, readRequireDeclaration } from './syntax';

/**
 * The `const name = value` bindings visible in a scope: its own, then the module's. A function
 * body looks its names up in itself and then in the module (not in enclosing functions).
 */
export class ScopeConstants {
  private readonly own = new Map<string, SyntaxNode>();

  constructor(private readonly parent?: ScopeConstants) {}

  /** A later declaration of the same name in the same scope wins, as the last write. */
  set(name: string, value: SyntaxNode): void {
    this.own.set(name, value);
  }

  get(name: string): SyntaxNode | undefined {
    return this.own.get(name) ?? this.parent?.get(name);
  }
}

/** The module or one function body: its calls in document order (not those of nested functions) and its constants. */
export interface Scope {
  node: SyntaxNode;
  calls: SyntaxNode[];
  constants: ScopeConstants;
}

export interface FileWalk {
  imports: ImportBinding[];
  doubleQuotes: number;
  singleQuotes: number;
  syntaxErrors: boolean;
  /** The module first, then function bodies in the order their functions start. */
  scopes: Scope[];
}

const FUNCTION_NODES: ReadonlySet<string> = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration']);

/** Where the walk is: which scope collects the nodes below, and whether it takes their calls. */
interface Frame {
  /** Depth of the node that opened this frame; the frame closes when the walk leaves it. */
  depth: number;
  scope: Scope | undefined;
  /** False inside a class declaration: its calls run at construction time, not in the scope. */
  collectsCalls: boolean;
  /** Inside a function, before its body: the body opens the function's scope. */
  body?: Scope;
}

/** A function's body: its block, or an arrow function's expression. */
function functionBody(fn: SyntaxNode): SyntaxNode | null {
  for (let child = fn.firstChild; child; child = child.nextSibling) if (child.name === 'Block') return child;
  if (fn.name !== 'ArrowFunction') return null;
  const last = fn.lastChild;
  return last && last.name !== 'ParamList' ? last : null;
}

/** `const name = value` declarations: each bound name and its value. */
function readConstants(declaration: SyntaxNode, source: string, constants: ScopeConstants): void {
  for (let child: SyntaxNode | null = declaration.firstChild; child; child = child.nextSibling) {
    const value = child.nextSibling;
    if (child.name !== 'Equals' || !value) continue;
    const target = child.prevSibling?.name === 'TypeAnnotation' ? child.prevSibling.prevSibling : child.prevSibling;
    if (target?.name === 'VariableDefinition') constants.set(textOf(source, target), value);
  }
}

const sameRange = (node: SyntaxNodeRef, other: SyntaxNode): boolean => node.from === other.from && node.to === other.to && node.type === other.type;

/** The walk over some of a module's top-level statements (one group of program.ts), as if they were the whole module. */
export function walkStatements(top: SyntaxNode, statements: readonly SyntaxNode[], source: string): FileWalk {
  const imports: ImportBinding[] = [];
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let syntaxErrors = false;
  const moduleScope: Scope = { node: top, calls: [], constants: new ScopeConstants() };
  const scopes: Scope[] = [moduleScope];
  const frames: Frame[] = [{ depth: 0, scope: moduleScope, collectsCalls: true }];
  let depth = 0;
  const walker = {
    enter(ref: SyntaxNodeRef): boolean | undefined {
      let frame = frames[frames.length - 1];
      const name = ref.name;
      if (ref.type.isError) syntaxErrors = true;
      if (name === 'ImportDeclaration') {
        imports.push(...readImportDeclaration(ref.node, source));
        return false; // nothing below an import is code; its module string is not the file's quote style
      }
      depth++;
      if (frame.body && sameRange(ref, frame.body.node)) {
        frame = { depth, scope: frame.body, collectsCalls: true };
        frames.push(frame);
      }
      if (FUNCTION_NODES.has(name)) {
        // The function's own scope opens at its body; parameters and names belong to no scope.
        const body = functionBody(ref.node);
        const scope = body ? { node: body, calls: [], constants: new ScopeConstants(moduleScope.constants) } : undefined;
        if (scope) scopes.push(scope);
        frames.push({ depth, scope: undefined, collectsCalls: false, ...(scope ? { body: scope } : {}) });
        return undefined;
      }
      if (name === 'ClassDeclaration') {
        frames.push({ depth, scope: frame.scope, collectsCalls: false });
      } else if (name === 'CallExpression') {
        if (frame.collectsCalls) frame.scope?.calls.push(ref.node);
      } else if (name === 'VariableDeclaration') {
        const declaration = ref.node;
        imports.push(...readRequireDeclaration(declaration, source));
        if (frame.scope && declaration.firstChild?.name === 'const') readConstants(declaration, source, frame.scope.constants);
      } else if (name === 'String') {
        if (source.charCodeAt(ref.from) === 34 /* " */) doubleQuotes++;
        else singleQuotes++;
      }
      return undefined;
    },
    leave(): void {
      while (frames.length > 1 && frames[frames.length - 1].depth === depth) frames.pop();
      depth--;
    },
  };
  for (const statement of statements) statement.cursor().iterate(walker.enter, walker.leave);
  return { imports, doubleQuotes, singleQuotes, syntaxErrors, scopes };
}

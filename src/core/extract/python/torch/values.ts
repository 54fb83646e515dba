// What the PyTorch reader's interpreter computes with: Python values as far as model code
// needs them, and torch's modules, parameters and the tensors a forward pass carries.

import type { SyntaxNode } from '@lezer/common';
import type { InitializerSpec } from '../../../catalog/initializers';
import type { ConfigValue, LayerIR } from '../../../ir';

/** A layer as built: its IR without the placement (name, inputs), and the initializers set so far. */
export type LayerState = Omit<LayerIR, 'inputs' | 'name'>;

/** A user class: its methods (its user bases' included), and whether it is a torch.nn.Module. */
export interface ClassInfo {
  name: string;
  def: SyntaxNode;
  scope: Scope;
  methods: Map<string, SyntaxNode>;
  /** Class attributes (`expansion = 4`), its user bases' included. */
  attributes: Map<string, Value>;
  /** User classes it derives from, nearest first. */
  bases: ClassInfo[];
  /** The torch.nn class it derives from (`Module`, `Sequential`, …), through user bases too. */
  torchBase?: string;
  /** Instances built by code outside torch classes (a script's `model = Net()`), in order. */
  topInstances: TorchModule[];
  /** An instance was placed inside another module: the class is a part of some model. */
  placed: boolean;
  /** The instance read on its own when no script builds one (its parameters at their defaults). */
  standalone?: TorchModule;
}

/** A torch.nn.Module: a catalogued layer, a container, or an instance of a user class. */
export interface TorchModule {
  /** The torch.nn class name (`Linear`, `Sequential`) or the user class's. */
  className: string;
  /** The constructor call (a standalone instance: the class definition). */
  node: SyntaxNode;
  /** Catalogued and unknown torch.nn layers: the layer the IR reports. */
  layer?: LayerState;
  /** The constructor's literal arguments and PyTorch's defaults, by PyTorch's parameter names. */
  torchArgs?: Record<string, ConfigValue>;
  /** Parameters the module owns directly, with their number of dimensions (undefined when unknown). */
  params: Map<string, number | undefined>;
  container?: 'Sequential' | 'ModuleList' | 'ModuleDict';
  /** Sub-modules by registration name, in registration order. */
  children: Map<string, TorchModule>;
  /** A container filled by a loop of unknown length: its children stand for any number of copies. */
  open?: boolean;
  cls?: ClassInfo;
  /** Other attributes of a user module (`self.hidden = 64`). */
  attributes: Map<string, Value>;
  /** The module it was registered in, once placed. */
  parent?: TorchModule;
  /** Built by code outside torch classes' methods (a script, a builder function). */
  topLevel: boolean;
}

/** One application of a module (or a functional op) in a forward pass. */
export interface Applied {
  layer: LayerState;
  module?: TorchModule;
  /** Functional ops: their name (`F.relu`); modules are named by their place in the model. */
  name?: string;
  node: SyntaxNode;
  upstream: Applied[];
  order: number;
}

export type Value =
  | { k: 'unknown' }
  /** A Python scalar or None; `node` where it is written as a literal. */
  | { k: 'const'; value: number | string | boolean | null; node?: SyntaxNode }
  /** A list or tuple; `open` when built by a loop of unknown length (its items are a sample). */
  | { k: 'seq'; items: Value[]; tuple: boolean; open?: boolean; node?: SyntaxNode }
  | { k: 'dict'; keys: Value[]; values: Value[] }
  /** A name or attribute chain that resolves through the file's imports. */
  | { k: 'path'; paths: string[] }
  | { k: 'module'; module: TorchModule }
  /** A parameter of a module (`fc.weight`, also through `.data`). */
  | { k: 'param'; owner: TorchModule; name: string }
  /** A tensor in a forward pass and the application that produced it (none for a model input). */
  | { k: 'tensor'; producer?: Applied }
  /** A tensor built by a factory (`torch.zeros(3, 4)`), as an initializer when copied into a weight. */
  | { k: 'factory'; spec: LayerInit }
  | { k: 'function'; def: SyntaxNode; scope: Scope; self?: TorchModule }
  | { k: 'class'; info: ClassInfo }
  /** A torch.nn class reached by `type(m)`. */
  | { k: 'torchClass'; name: string };

/** What a factory tensor initializes a weight to (undefined: not known). */
export type LayerInit = InitializerSpec | undefined;

export const UNKNOWN: Value = { k: 'unknown' };

interface Binding {
  value: Value;
  /** Bound where it may or may not have run (a branch or loop of unknown count): a scalar is then unknown. */
  certain: boolean;
}

export class Scope {
  private readonly bindings = new Map<string, Binding>();

  constructor(readonly parent: Scope | undefined) {}

  bind(name: string, value: Value, certain: boolean): void {
    this.bindings.set(name, { value, certain });
  }

  lookup(name: string): Binding | undefined {
    return this.bindings.get(name) ?? this.parent?.lookup(name);
  }

  /** The scope that binds `name` itself, for rebinding it in place. */
  owner(name: string): Scope | undefined {
    return this.bindings.has(name) ? this : this.parent?.owner(name);
  }
}

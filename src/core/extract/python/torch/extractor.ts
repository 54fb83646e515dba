// Finds PyTorch models in a Python tree: `nn.Sequential(...)` built by a script or a builder
// function, and `nn.Module` subclasses, whose layers are the modules their `__init__` registers,
// in the order `forward()` applies them (registration order when forward cannot be followed).
// Initialization is read in every form the interpreter can run: `nn.init.*_` calls on weights,
// functions passed to `apply`, loops over `modules()` and `named_parameters()`, in-place tensor
// methods (`w.data.normal_(0, 0.01)`) and copies of factory tensors.

import type { SyntaxNode, Tree } from '@lezer/common';
import type { ActivationName } from '../../../catalog/activations';
import { calculateGain, torchFactorySpec, torchFunctionalActivation, torchInitRow, torchModule, torchTensorMethod, type TorchInitRow } from '../../../catalog/torch';
import type { ArgValues, InitializerSpec } from '../../../catalog/initializers';
import { placedLayer } from '../../layer-draft';
import type { ConfigValue, ImportBinding, InitializerRef, LayerIR, ModelIR, Span } from '../../../ir';
import { childNamed, spanOf, textOf } from '../../../parse';
import { lastChildNamed, type NameResolver } from '../syntax';
import { bindArgs, constant, torchClassName, TorchInterpreter, type Args } from './interpreter';
import { buildLayer, configValueOf, unknownLayer } from './layers';
import { torchSubclass, torchSymbolOf } from './names';
import { Scope, UNKNOWN, type Applied, type ClassInfo, type LayerState, type TorchModule, type Value } from './values';

const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict']);
/** Module methods that return the module itself. */
const RETURNS_SELF = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'train', 'eval', 'requires_grad_', 'type', 'share_memory', 'to_empty']);
/** Tensor methods that keep the signal's statistics (layout, dtype, device, copies). */
const LAYOUT_METHODS = new Set(['contiguous', 'permute', 'transpose', 'squeeze', 'unsqueeze', 'to', 'float', 'double', 'half', 'detach', 'clone', 'cuda', 'cpu', 'type_as', 'expand', 'expand_as', 't', 'movedim', 'swapaxes']);
/** `torch.<name>` functions with the same effect. */
const LAYOUT_FUNCTIONS = new Set(['permute', 'transpose', 'squeeze', 'unsqueeze', 'clone', 'detach', 'movedim', 'swapaxes']);
/** Tensor attributes and methods that are not tensors the signal flows through. */
const NOT_SIGNAL = new Set(['size', 'dim', 'numel', 'shape', 'ndim', 'dtype', 'device', 'item', 'tolist', 'numpy']);

/** Where a module sits in a model: its qualified name and how code reaches it. */
interface Place {
  name: string;
  accessor?: string;
}

export class TorchExtractor extends TorchInterpreter {
  private readonly models: ModelIR[] = [];
  private readonly classes: ClassInfo[] = [];
  /** Sequentials built by scripts and builder functions: models unless placed in another module. */
  private readonly sequentials: TorchModule[] = [];
  /** The variable and statement a script bound a module to (`model = nn.Sequential(...)`). */
  private readonly bindings = new Map<TorchModule, { variable: string; statement: SyntaxNode }>();
  /** The applications of the forward pass being read; undefined outside one. */
  private applied: Applied[] | undefined;
  private readonly applying = new Set<TorchModule>();
  private order = 0;
  /** How the file reaches torch.nn (`nn.`, `torch.nn.`), for the `nn.init` call a fix writes. */
  private readonly nnQualifier: string;

  constructor(
    source: string,
    names: NameResolver,
    imports: readonly ImportBinding[],
    erroneousAssignments: ReadonlySet<number>,
    private readonly calledNames: ReadonlySet<string>,
  ) {
    super(source, names, erroneousAssignments);
    this.nnQualifier = nnQualifierOf(imports);
  }

  extract(tree: Tree): ModelIR[] {
    const top = tree.topNode;
    const scope = new Scope(undefined);
    this.execBody(top, this.newFrame(scope));
    // Classes no script instantiated are read on their own, the last defined first: a model's
    // class usually comes after its blocks', and its instance places them.
    for (const info of [...this.classes].reverse()) {
      if (info.topInstances.length === 0 && !info.placed) this.standaloneInstance(info);
    }
    // Functions nobody called are read on their own (`def build_model(): ...`); helpers called
    // elsewhere come last, so that they are read through their calls whenever a caller is read.
    const isHelper = (def: SyntaxNode) => this.calledNames.has(textOf(this.source, childNamed(def, 'VariableName') ?? def));
    for (const helpers of [false, true]) {
      for (let i = 0; i < this.definitions.length; i++) {
        const { def, scope: defined } = this.definitions[i];
        if (this.executed.has(def.from) || isHelper(def) !== helpers || this.isMethod(def)) continue;
        this.runStandalone(def, defined);
      }
    }
    for (const module of this.sequentials) if (!module.parent) this.sequentialModel(module);
    for (const info of this.classes) {
      if (!info.torchBase) continue;
      const instance = info.topInstances.find((candidate) => !candidate.parent) ?? (info.placed ? undefined : info.standalone);
      if (instance) this.classModel(info, instance);
    }
    return this.models.sort((a, b) => a.span.from - b.span.from);
  }

  private isMethod(def: SyntaxNode): boolean {
    const owner = def.parent?.name === 'DecoratedStatement' ? def.parent.parent : def.parent;
    return owner?.name === 'Body' && owner.parent?.name === 'ClassDefinition';
  }

  // ---- classes and instances ----

  protected declareClass(info: ClassInfo, bases: Value[]): void {
    for (const base of bases) {
      if (base.k === 'class' && base.info.torchBase) info.torchBase ??= base.info.torchBase;
      if (base.k === 'path') {
        const name = torchClassName(base.paths);
        if (name && (name === 'Module' || CONTAINERS.has(name) || torchModule(name))) info.torchBase ??= name;
      }
    }
    if (info.torchBase) this.classes.push(info);
  }

  protected instantiate(info: ClassInfo, call: SyntaxNode, args: Args): Value {
    if (!info.torchBase) return UNKNOWN;
    const module = this.newModule(info.name, call);
    module.cls = info;
    if (CONTAINERS.has(info.torchBase)) module.container = info.torchBase as TorchModule['container'];
    const init = info.methods.get('__init__');
    if (init) this.invoke({ k: 'function', def: init, scope: info.scope, self: module }, args);
    else this.superCall(module, '__init__', call, args);
    if (module.topLevel) info.topInstances.push(module);
    return { k: 'module', module };
  }

  private standaloneInstance(info: ClassInfo): void {
    const module = this.newModule(info.name, info.def);
    module.cls = info;
    if (CONTAINERS.has(info.torchBase ?? '')) module.container = info.torchBase as TorchModule['container'];
    const init = info.methods.get('__init__');
    if (init) this.invoke({ k: 'function', def: init, scope: info.scope, self: module }, emptyArgs());
    info.standalone = module;
  }

  private newModule(className: string, node: SyntaxNode): TorchModule {
    return { className, node, params: new Map(), children: new Map(), attributes: new Map(), topLevel: this.inTorchClass === 0 };
  }

  protected superCall(self: TorchModule, name: string, call: SyntaxNode, args: Args): Value {
    // The class whose method is running decides what super() is: its first user base, else torch.
    const running = this.runningClass(self);
    const base = running?.bases[0];
    const method = base?.methods.get(name);
    if (base && method) return this.invoke({ k: 'function', def: method, scope: base.scope, self }, args);
    const torchBase = (base ?? running)?.torchBase ?? self.cls?.torchBase;
    if (name === '__init__') {
      if (torchBase && CONTAINERS.has(torchBase)) this.fillContainer(self, torchBase, args);
      const row = torchBase ? torchModule(torchBase) : undefined;
      if (row && !self.layer) {
        // `class MyLinear(nn.Linear)`: the layer torch builds, then its reset_parameters, the subclass's own if it has one.
        const built = buildLayer(row, call, lastChildNamed(call, 'ArgList') ?? call, bindArgs(args, row.params), args.open, this.unknownLoops > 0);
        self.layer = built.layer;
        self.params = built.params;
        self.torchArgs = built.torchArgs;
        const reset = self.cls?.methods.get('reset_parameters');
        if (reset && self.cls) this.invoke({ k: 'function', def: reset, scope: self.cls.scope, self }, emptyArgs());
      }
      return constant(null);
    }
    if (name === 'forward' && self.layer) return this.applyLayer(self, args.positional[0] ?? UNKNOWN, call);
    if (name === 'forward' && torchBase === 'Sequential') return this.applyChildren(self, args.positional[0] ?? UNKNOWN);
    return UNKNOWN;
  }

  /** The class (of `self`'s class and its bases) that defines the method being run. */
  private runningClass(self: TorchModule): ClassInfo | undefined {
    const def = this.currentDefinition;
    const candidates: ClassInfo[] = [];
    const collect = (info: ClassInfo | undefined): void => {
      if (!info || candidates.includes(info)) return;
      candidates.push(info);
      info.bases.forEach(collect);
    };
    collect(self.cls);
    return candidates.find((info) => def !== undefined && isOwnMethod(info, def)) ?? self.cls;
  }

  // ---- calls ----

  protected callPath(paths: string[], call: SyntaxNode, callee: SyntaxNode, args: Args): Value | undefined {
    const symbol = torchSymbolOf(paths);
    const argList = lastChildNamed(call, 'ArgList') ?? call;
    switch (symbol?.type) {
      case 'module':
        return this.construct(symbol.className, call, argList, args);
      case 'init':
        this.initCall(symbol.name, call, callee, args);
        return args.positional[0] ?? UNKNOWN;
      case 'calculateGain': {
        const bound = bindArgs(args, ['nonlinearity', 'param']);
        const nonlinearity = bound.get('nonlinearity')?.value;
        const param = bound.get('param')?.value;
        if (nonlinearity?.k !== 'const' || typeof nonlinearity.value !== 'string') return UNKNOWN;
        if (param && param.k !== 'const') return UNKNOWN;
        const gain = calculateGain(nonlinearity.value, param?.k === 'const' ? (param.value as number | boolean | null) : undefined);
        return gain === undefined ? UNKNOWN : constant(gain);
      }
      case 'fans': {
        const fans = args.positional[0] ? this.paramFans(args.positional[0]) : undefined;
        return fans ? { k: 'seq', items: [constant(fans[0]), constant(fans[1])], tuple: true } : UNKNOWN;
      }
      case 'math':
        return mathCall(symbol.name, args);
      case 'orderedDict':
        return orderedDict(args);
      case 'factory':
        return this.factory(symbol.name, args);
      case 'parameter':
        return args.positional[0] ?? args.keywords.get('data') ?? UNKNOWN;
      case 'weightNorm':
        // weight_norm keeps the weight it starts from (g = ‖v‖); spectral_norm divides it by its largest singular value.
        if (symbol.spectral && args.positional[0]?.k === 'module') {
          const layer = args.positional[0].module.layer;
          if (layer?.kernelInitializer) layer.kernelInitializer = { spec: undefined, explicit: false, form: { kind: 'other' } };
        }
        return args.positional[0] ?? UNKNOWN;
      case 'functional':
        return this.functional(symbol.name, call, callee, argList, args);
      default:
        return undefined;
    }
  }

  /** `nn.Linear(784, 256)`, `nn.Sequential(...)`, or a torch.nn class the catalog does not know. */
  private construct(className: string, call: SyntaxNode, argList: SyntaxNode, args: Args): Value {
    const module = this.newModule(className, call);
    if (CONTAINERS.has(className)) {
      module.container = className as TorchModule['container'];
      this.fillContainer(module, className, args);
      if (className === 'Sequential' && module.topLevel) this.sequentials.push(module);
      return { k: 'module', module };
    }
    if (className === 'Module') return { k: 'module', module };
    const row = torchModule(className);
    if (!row) {
      module.layer = unknownLayer(className, call, argList, this.unknownLoops > 0);
      return { k: 'module', module };
    }
    const built = buildLayer(row, call, argList, bindArgs(args, row.params), args.open, this.unknownLoops > 0);
    module.layer = built.layer;
    module.params = built.params;
    module.torchArgs = built.torchArgs;
    return { k: 'module', module };
  }

  /** Sequential(*modules) or Sequential(OrderedDict), ModuleList(iterable), ModuleDict(mapping). */
  private fillContainer(module: TorchModule, kind: string, args: Args): void {
    if (args.open) module.open = true;
    const [first] = args.positional;
    if (kind === 'Sequential') {
      if (first?.k === 'dict' && args.positional.length === 1) {
        first.keys.forEach((key, i) => this.addChild(module, key.k === 'const' ? String(key.value) : String(i), first.values[i]));
        return;
      }
      args.positional.forEach((value) => this.addChild(module, String(module.children.size), value));
      return;
    }
    if (!first) return;
    if (kind === 'ModuleDict') {
      const entries = first.k === 'dict' ? first.keys.map((key, i) => [key, first.values[i]] as const) : undefined;
      if (!entries) module.open = true;
      for (const [key, value] of entries ?? []) this.addChild(module, key.k === 'const' ? String(key.value) : '?', value);
      return;
    }
    const items = this.iterate(first);
    if (!items || items.open) module.open = true;
    for (const value of items?.values ?? []) this.addChild(module, String(module.children.size), value);
  }

  private addChild(parent: TorchModule, name: string, value: Value): void {
    if (value.k !== 'module') return;
    parent.children.set(name, value.module);
    this.place(value.module, parent);
  }

  private place(module: TorchModule, parent: TorchModule): void {
    if (module.parent || module === parent) return;
    module.parent = parent;
    if (module.cls) module.cls.placed = true;
  }

  protected callMethod(object: Value, name: string, call: SyntaxNode, callee: SyntaxNode, args: Args): Value | undefined {
    if (object.k === 'module') return this.moduleMethod(object.module, name, call, args);
    if (object.k === 'param') return this.paramMethod(object, name, call, callee, args);
    if (object.k === 'tensor') return this.tensorMethod(object, name, call, callee, args);
    return undefined;
  }

  private moduleMethod(module: TorchModule, name: string, call: SyntaxNode, args: Args): Value | undefined {
    // A user class's own methods come first (a custom `apply`, `forward`, `reset_parameters`).
    const own = module.cls?.methods.get(name);
    if (own) return this.invoke({ k: 'function', def: own, scope: module.cls!.scope, self: module }, args);
    const self: Value = { k: 'module', module };
    const [first, second] = args.positional;
    switch (name) {
      case 'apply': {
        const fn = first;
        if (fn?.k === 'function') {
          // Module.apply: children first, then the module itself.
          for (const each of postOrder(module)) this.invoke(fn, { ...emptyArgs(), positional: [{ k: 'module', module: each }], positionalNodes: [call] });
        }
        return self;
      }
      case 'modules':
        return sequenceOf(preOrder(module).map((each) => ({ k: 'module', module: each })));
      case 'named_modules':
        return sequenceOf(namedModules(module).map(([qualified, each]) => pair(constant(qualified), { k: 'module', module: each })));
      case 'children':
        return sequenceOf([...module.children.values()].map((each) => ({ k: 'module', module: each })));
      case 'named_children':
        return sequenceOf([...module.children].map(([childName, each]) => pair(constant(childName), { k: 'module', module: each })));
      case 'parameters':
        return sequenceOf(namedParameters(module).map(([, param]) => param));
      case 'named_parameters':
        return sequenceOf(namedParameters(module).map(([qualified, param]) => pair(constant(qualified), param)));
      case 'add_module':
      case 'register_module': {
        const childName = first?.k === 'const' ? String(first.value) : undefined;
        if (childName !== undefined && second) this.addChild(module, childName, second);
        return constant(null);
      }
      case 'append':
        if (first && module.container && module.container !== 'ModuleDict') {
          if (this.unknownLoops > 0) module.open = true;
          this.addChild(module, String(module.children.size), first);
        }
        return self;
      case 'extend': {
        const items = first ? this.iterate(first) : undefined;
        if (!items || items.open || this.unknownLoops > 0) module.open = true;
        for (const value of items?.values ?? []) this.addChild(module, String(module.children.size), value);
        return self;
      }
      case 'forward':
        return this.applyModule(module, args, call);
      case 'reset_parameters':
        this.resetParameters(module);
        return constant(null);
      case 'register_parameter':
      case 'register_buffer':
      case 'zero_grad':
        return constant(null);
      default:
        return RETURNS_SELF.has(name) ? self : undefined;
    }
  }

  private paramMethod(param: Extract<Value, { k: 'param' }>, name: string, call: SyntaxNode, callee: SyntaxNode, args: Args): Value | undefined {
    const row = torchTensorMethod(name);
    if (row) {
      this.setInit(param, readSpec(row, args), call, this.methodForm(callee));
      return param;
    }
    switch (name) {
      case 'copy_': {
        const source = args.positional[0];
        const spec = source?.k === 'factory' ? source.spec : undefined;
        this.setInit(param, spec, call, this.methodForm(callee));
        return param;
      }
      case 'mul_':
      case 'div_': {
        // Scales whatever the weight was initialized to: `w.data.mul_(0.1)`.
        const factor = args.positional[0]?.k === 'const' ? args.positional[0].value : undefined;
        const current = this.refOf(param);
        const scale = typeof factor === 'number' ? (name === 'mul_' ? factor : factor === 0 ? undefined : 1 / factor) : undefined;
        if (current) this.setInit(param, scale !== undefined && current.spec ? scaled(current.spec, scale) : undefined, call, this.methodForm(callee));
        return param;
      }
      case 'dim':
      case 'ndimension': {
        const dims = param.owner.params.get(param.name);
        return dims === undefined ? UNKNOWN : constant(dims);
      }
      case 'size': {
        const shape = this.paramShape(param);
        const axis = args.positional[0]?.k === 'const' ? args.positional[0].value : undefined;
        if (!shape) return UNKNOWN;
        if (args.positional.length === 0) return { k: 'seq', items: shape.map((n) => constant(n)), tuple: true };
        return typeof axis === 'number' && shape.at(axis) !== undefined ? constant(shape.at(axis)!) : UNKNOWN;
      }
      case 'requires_grad_':
      case 'detach':
        return param;
      default:
        return undefined;
    }
  }

  protected callValue(callee: Value, call: SyntaxNode, args: Args): Value {
    if (callee.k === 'module') return this.applyModule(callee.module, args, call);
    return UNKNOWN;
  }

  // ---- attributes ----

  protected attributeOf(object: Value, name: string): Value | undefined {
    switch (object.k) {
      case 'module':
        return this.moduleAttribute(object.module, name);
      case 'param':
        if (name === 'data') return object;
        if (name === 'ndim') return dimsOf(object);
        if (name === 'shape') {
          const shape = this.paramShape(object);
          return shape ? { k: 'seq', items: shape.map((n) => constant(n)), tuple: true } : undefined;
        }
        if (name === 'requires_grad') return constant(true);
        return undefined;
      case 'tensor':
        return name === 'data' || name === 'T' ? object : undefined;
      case 'torchClass':
        return name === '__name__' ? constant(object.name) : undefined;
      default:
        return undefined;
    }
  }

  private moduleAttribute(module: TorchModule, name: string): Value | undefined {
    const child = module.children.get(name);
    if (child) return { k: 'module', module: child };
    if (module.params.has(name)) return { k: 'param', owner: module, name };
    const attribute = module.attributes.get(name);
    if (attribute) return attribute;
    const method = module.cls?.methods.get(name);
    if (method) return { k: 'function', def: method, scope: module.cls!.scope, self: module };
    const classAttribute = module.cls?.attributes.get(name);
    if (classAttribute) return classAttribute;
    if (name === '__class__') return module.cls ? { k: 'class', info: module.cls } : { k: 'torchClass', name: module.className };
    if (name === 'training') return constant(true);
    if (module.layer) {
      // A weight the module was built without (`bias=False`): None, as PyTorch registers it.
      if ((name === 'bias' || name === 'weight') && module.layer.role !== 'other') return constant(null);
      const value = module.torchArgs?.[name];
      if (value !== undefined) return Array.isArray(value) ? { k: 'seq', items: value.map((n) => constant(n)), tuple: true } : constant(value);
    }
    return undefined;
  }

  protected hasAttribute(value: Value, name: string): boolean | undefined {
    if (value.k !== 'module') return undefined;
    const module = value.module;
    if (module.children.has(name) || module.params.has(name) || module.attributes.has(name) || module.cls?.methods.has(name)) return true;
    // A catalogued layer has exactly the parameters it registers.
    if (module.layer && module.layer.role !== 'other' && (name === 'weight' || name === 'bias')) return module.params.has(name) || name === 'bias';
    return module.cls ? undefined : module.layer?.role === 'other' ? undefined : false;
  }

  protected assignAttribute(object: Value, name: string, value: Value, statement: SyntaxNode): boolean {
    if (object.k === 'module') {
      const module = object.module;
      if (module.params.has(name) && (value.k === 'factory' || value.k === 'param')) {
        // `layer.weight = nn.Parameter(torch.zeros(…))`
        this.setInit({ k: 'param', owner: module, name }, value.k === 'factory' ? value.spec : undefined, statement, { kind: 'other' });
        return true;
      }
      if (value.k === 'module') {
        module.children.delete(name);
        module.children.set(name, value.module);
        this.place(value.module, module);
        return true;
      }
      module.children.delete(name);
      module.attributes.set(name, value);
      return true;
    }
    if (object.k === 'param' && name === 'data') {
      this.setInit(object, value.k === 'factory' ? value.spec : undefined, statement, { kind: 'other' });
      return true;
    }
    return false;
  }

  protected subscriptOf(object: Value, index: Value): Value | undefined {
    if (object.k === 'tensor') return object;
    if (object.k !== 'module') return undefined;
    const module = object.module;
    if (index.k !== 'const') return undefined;
    if (typeof index.value === 'string') {
      const child = module.children.get(index.value);
      return child ? { k: 'module', module: child } : undefined;
    }
    if (typeof index.value !== 'number' || module.open || module.container === 'ModuleDict') return undefined;
    const children = [...module.children.values()];
    const child = children[index.value < 0 ? children.length + index.value : index.value];
    return child ? { k: 'module', module: child } : undefined;
  }

  protected elementsOf(value: Value): Value[] | undefined {
    if (value.k !== 'module' || !value.module.container) return undefined;
    const module = value.module;
    // Iterating a ModuleDict gives its keys.
    if (module.container === 'ModuleDict') return [...module.children.keys()].map((key) => constant(key));
    return [...module.children.values()].map((child) => ({ k: 'module', module: child }));
  }

  protected isInstance(value: Value, cls: Value): boolean | undefined {
    if (cls.k === 'path' && cls.paths.some((path) => path.startsWith('builtins.'))) {
      const type = cls.paths[0].slice('builtins.'.length);
      if (value.k !== 'const' && value.k !== 'seq' && value.k !== 'dict') return value.k === 'unknown' || value.k === 'tensor' ? undefined : false;
      return pythonType(value) === type || (type === 'int' && pythonType(value) === 'bool');
    }
    if (value.k === 'param') return cls.k === 'path' ? cls.paths.some((path) => path === 'torch.nn.Parameter' || path === 'torch.Tensor' || path === 'torch.nn.parameter.Parameter') : false;
    if (value.k !== 'module') return value.k === 'unknown' || value.k === 'tensor' ? undefined : false;
    const module = value.module;
    if (cls.k === 'class') {
      const seen = new Set<ClassInfo>();
      const derives = (info: ClassInfo | undefined): boolean => {
        if (!info || seen.has(info)) return false;
        seen.add(info);
        return info === cls.info || info.bases.some(derives);
      };
      return derives(module.cls);
    }
    const className = cls.k === 'torchClass' ? cls.name : cls.k === 'path' ? torchClassName(cls.paths) : undefined;
    if (className === undefined) return cls.k === 'path' ? false : undefined;
    if (module.cls) return torchSubclass(module.cls.torchBase ?? 'Module', className);
    return torchSubclass(module.className, className);
  }

  protected typeOf(value: Value): Value {
    if (value.k === 'module') return value.module.cls ? { k: 'class', info: value.module.cls } : { k: 'torchClass', name: value.module.className };
    const type = pythonType(value);
    return type ? { k: 'path', paths: [`builtins.${type}`] } : UNKNOWN;
  }

  // ---- initialization ----

  /** `nn.init.<name>(tensor, …)`: the weight's initializer from here on. */
  private initCall(name: string, call: SyntaxNode, callee: SyntaxNode, args: Args): void {
    const row = torchInitRow(name);
    const target = args.positional[0] ?? args.keywords.get('tensor');
    if (!row || target?.k !== 'param') return;
    const rest: Args = { ...args, positional: args.positional.slice(1), positionalNodes: args.positionalNodes.slice(1) };
    const nameNode = callee.name === 'MemberExpression' ? lastChildNamed(callee, 'PropertyName') ?? callee : callee;
    const tensorNode = args.positionalNodes[0] ?? args.keywordNodes.get('tensor');
    const spec = args.open ? undefined : readSpec(row, rest);
    this.setInit(target, spec, call, {
      kind: 'torch-init',
      style: 'call',
      qualifier: this.source.slice(callee.from, nameNode.from),
      tensorText: tensorNode ? this.tensorText(tensorNode) : '',
      nameSpan: spanOf(nameNode),
    });
  }

  private methodForm(callee: SyntaxNode): InitializerRef['form'] {
    const property = lastChildNamed(callee, 'PropertyName');
    const object = callee.firstChild;
    if (!property || !object) return { kind: 'other' };
    return { kind: 'torch-init', style: 'method', qualifier: this.nnQualifier, tensorText: this.tensorText(object), nameSpan: spanOf(property) };
  }

  /** The weight expression as written, without a trailing `.data`. */
  private tensorText(node: SyntaxNode): string {
    let current = node;
    while (current.name === 'MemberExpression' && !childNamed(current, '[')) {
      const property = lastChildNamed(current, 'PropertyName');
      if (!property || textOf(this.source, property) !== 'data' || !current.firstChild) break;
      current = current.firstChild;
    }
    return textOf(this.source, current);
  }

  /** Which of the layer's initializers a parameter is: its kernel, recurrent kernel or bias. */
  private slotOf(param: Extract<Value, { k: 'param' }>): 'kernel' | 'recurrent' | 'bias' | undefined {
    const layer = param.owner.layer;
    if (!layer || layer.role !== 'kernel') return undefined;
    const name = param.name;
    if (name === 'weight' || name.startsWith('weight_ih')) return 'kernel';
    if (name.startsWith('weight_hh')) return 'recurrent';
    if (name === 'bias' || name.startsWith('bias_')) return 'bias';
    return undefined;
  }

  private refOf(param: Extract<Value, { k: 'param' }>): InitializerRef | undefined {
    const layer = param.owner.layer;
    switch (this.slotOf(param)) {
      case 'kernel':
        return layer?.kernelInitializer;
      case 'recurrent':
        return layer?.extraInitializers?.recurrent;
      case 'bias':
        return layer?.biasInitializer;
      default:
        return undefined;
    }
  }

  /** Sets a parameter's initializer: the last assignment the program makes wins. */
  private setInit(param: Extract<Value, { k: 'param' }>, spec: InitializerSpec | undefined, node: SyntaxNode, form: InitializerRef['form']): void {
    const layer = param.owner.layer;
    const slot = this.slotOf(param);
    if (!layer || !slot) return;
    const ref: InitializerRef = { spec, explicit: true, span: spanOf(node), form };
    if (slot === 'kernel') layer.kernelInitializer = ref;
    else if (slot === 'bias') layer.biasInitializer = ref;
    else layer.extraInitializers = { ...layer.extraInitializers, recurrent: ref };
  }

  /** `m.reset_parameters()`: PyTorch's defaults again. */
  private resetParameters(module: TorchModule): void {
    const row = torchModule(module.className);
    if (!module.layer || !module.torchArgs || !row) return;
    const written = new Map(Object.entries(module.torchArgs).map(([name, value]) => [name, { value: literalValueOf(value) }]));
    const defaults = buildLayer(row, module.node, module.node, written, false, false).layer;
    module.layer.kernelInitializer = defaults.kernelInitializer;
    module.layer.biasInitializer = defaults.biasInitializer;
    if (defaults.extraInitializers) module.layer.extraInitializers = defaults.extraInitializers;
  }

  /** PyTorch's fans of a parameter (`_calculate_fan_in_and_fan_out`): [fan_in, fan_out]. */
  private paramFans(value: Value): [number, number] | undefined {
    if (value.k !== 'param') return undefined;
    const shape = this.paramShape(value);
    if (!shape || shape.length < 2) return undefined;
    const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
    return [shape[1] * receptive, shape[0] * receptive];
  }

  /** A parameter's shape as PyTorch stores it, when the constructor's arguments give it. */
  private paramShape(param: Extract<Value, { k: 'param' }>): number[] | undefined {
    const args = param.owner.torchArgs;
    const layer = param.owner.layer;
    if (!args || !layer) return undefined;
    const n = (name: string): number | undefined => (typeof args[name] === 'number' ? (args[name] as number) : undefined);
    const kernel = layer.kernelSize ?? [];
    const groups = n('groups') ?? 1;
    const sizes = (...values: (number | undefined)[]): number[] | undefined => (values.every((value): value is number => value !== undefined) ? values : undefined);
    switch (layer.kind) {
      case 'Dense':
        return param.name === 'weight' ? sizes(n('out_features'), n('in_features')) : sizes(n('out_features'));
      case 'Embedding':
        return param.name === 'weight' ? sizes(n('num_embeddings'), n('embedding_dim')) : undefined;
      default:
        break;
    }
    if (layer.kind.startsWith('Conv') && kernel.length > 0) {
      const transposed = layer.kind.endsWith('Transpose');
      const inputs = n('in_channels');
      const outputs = n('out_channels');
      if (param.name === 'bias') return sizes(outputs);
      if (inputs === undefined || outputs === undefined) return undefined;
      return transposed ? [inputs, outputs / groups, ...kernel] : [outputs, inputs / groups, ...kernel];
    }
    return undefined;
  }

  // ---- forward ----

  /** Calls a module: a layer applied to its input, a Sequential's children in turn, a user module's forward. */
  private applyModule(module: TorchModule, args: Args, call: SyntaxNode): Value {
    // A module inside itself (`seq.append(seq)`) would apply for ever.
    if (this.applying.has(module)) return UNKNOWN;
    this.applying.add(module);
    try {
      return this.applyOnce(module, args, call);
    } finally {
      this.applying.delete(module);
    }
  }

  private applyOnce(module: TorchModule, args: Args, call: SyntaxNode): Value {
    const input = args.positional[0] ?? UNKNOWN;
    const forward = module.cls?.methods.get('forward');
    if (forward) {
      const before = this.applied?.length ?? 0;
      const result = this.invoke({ k: 'function', def: forward, scope: module.cls!.scope, self: module }, args);
      // A forward that applied nothing could not be followed: its modules in registration order.
      if (this.applied && this.applied.length === before && module.children.size > 0) return this.applyChildren(module, input);
      return result;
    }
    if (module.layer) return this.applyLayer(module, input, call);
    if (module.container === 'Sequential' || module.cls) return this.applyChildren(module, input);
    return UNKNOWN;
  }

  /** A layer applied to its input: one application in the forward pass. */
  private applyLayer(module: TorchModule, input: Value, call: SyntaxNode): Value {
    const layer = module.layer!;
    const applied = this.record({ layer, module, node: call, upstream: producersOf(input), order: 0 });
    const output: Value = { k: 'tensor', producer: applied };
    // Recurrent layers return (output, hidden state).
    return layer.kind === 'LSTM' || layer.kind === 'GRU' || layer.kind === 'SimpleRNN' ? { k: 'seq', items: [output, UNKNOWN], tuple: true } : output;
  }

  /** The children in registration order, each applied to the previous one's output (ModuleLists' items in turn). */
  private applyChildren(module: TorchModule, input: Value): Value {
    let x = input;
    for (const child of module.children.values()) {
      if (child.container === 'ModuleList' || child.container === 'ModuleDict') x = this.applyChildren(child, x);
      else x = this.applyModule(child, { ...emptyArgs(), positional: [x], positionalNodes: [child.node] }, child.node);
    }
    return x;
  }

  private record(applied: Applied): Applied {
    applied.order = this.order++;
    this.applied?.push(applied);
    return applied;
  }

  /** An op of the forward pass that is not a module: an activation, pooling, a merge. */
  private op(layer: LayerState, name: string, node: SyntaxNode, inputs: Value[]): Value {
    return { k: 'tensor', producer: this.record({ layer, name, node, upstream: inputs.flatMap(producersOf), order: 0 }) };
  }

  private opLayer(kind: string, role: LayerIR['role'], node: SyntaxNode, argList: SyntaxNode, config: Record<string, ConfigValue> = {}, activation: LayerState['activation'] = { name: 'linear' }): LayerState {
    return { kind, role, span: spanOf(node), argsSpan: spanOf(argList), activation, config, ...(this.unknownLoops > 0 ? { inUnknownLoop: true as const } : {}) };
  }

  /** `F.relu(x)`, `torch.tanh(x)`, `F.max_pool2d(x, 2)`, `torch.cat([a, b], 1)`, `torch.flatten(x, 1)` … */
  private functional(name: string, call: SyntaxNode, callee: SyntaxNode, argList: SyntaxNode, args: Args): Value | undefined {
    const input = args.positional[0] ?? args.keywords.get('input');
    const calleeText = textOf(this.source, callee);
    const activation = torchFunctionalActivation(name);
    if (activation) {
      if (input?.k !== 'tensor') return UNKNOWN;
      return this.op(this.activationLayer(activation.name, bindArgs(args, activation.params), activation.defaults, call, argList, spanOf(callee)), calleeText, call, [input]);
    }
    const poolMatch = /^(max|avg|adaptive_avg|adaptive_max)_pool([123])d$/.exec(name);
    if (poolMatch) {
      if (input?.k !== 'tensor') return UNKNOWN;
      const rank = Number(poolMatch[2]);
      const bound = bindArgs(args, poolMatch[1].startsWith('adaptive') ? ['input', 'output_size'] : ['input', 'kernel_size', 'stride', 'padding']);
      const config: Record<string, ConfigValue> = {};
      const literal = (key: string) => configValueOf(bound.get(key)?.value);
      let kind: string;
      if (poolMatch[1].startsWith('adaptive')) {
        const size = literal('output_size');
        const global = size === 1 || (Array.isArray(size) && size.every((s) => s === 1));
        kind = global ? `Global${poolMatch[1] === 'adaptive_max' ? 'Max' : 'Average'}Pooling${rank}D` : `Adaptive${poolMatch[1] === 'adaptive_max' ? 'Max' : 'Avg'}Pool${rank}d`;
      } else {
        kind = `${poolMatch[1] === 'max' ? 'Max' : 'Average'}Pooling${rank}D`;
        const size = literal('kernel_size');
        const stride = literal('stride');
        const padding = literal('padding');
        if (size !== undefined) config.pool_size = size;
        if (stride !== undefined && stride !== null) config.strides = stride;
        config.padding = padding === undefined || padding === 0 ? 'valid' : padding;
      }
      return this.op(this.opLayer(kind, 'passthrough', call, argList, config), calleeText, call, [input]);
    }
    switch (name) {
      case 'dropout':
      case 'dropout1d':
      case 'dropout2d':
      case 'dropout3d':
      case 'alpha_dropout': {
        if (input?.k !== 'tensor') return UNKNOWN;
        const bound = bindArgs(args, ['input', 'p', 'training', 'inplace']);
        const rate = configValueOf(bound.get('p')?.value ?? constant(0.5));
        const training = bound.get('training')?.value;
        // F.dropout(x, p, training=False) does nothing; training=self.training is training at initialization.
        const config: Record<string, ConfigValue> = rate === undefined ? {} : { rate: training?.k === 'const' && training.value === false ? 0 : rate };
        const kind = name === 'dropout' ? 'Dropout' : name === 'alpha_dropout' ? 'AlphaDropout' : `SpatialDropout${name.slice(-2, -1)}D`;
        return this.op(this.opLayer(kind, 'passthrough', call, argList, config), calleeText, call, [input]);
      }
      case 'flatten':
        return input?.k === 'tensor' ? this.op(this.opLayer('Flatten', 'passthrough', call, argList), calleeText, call, [input]) : UNKNOWN;
      case 'cat':
      case 'concat':
      case 'concatenate': {
        const tensors = input?.k === 'seq' ? input.items : [];
        if (tensors.length === 0 || tensors.some((tensor) => tensor.k !== 'tensor')) return UNKNOWN;
        const dim = configValueOf(args.keywords.get('dim') ?? args.keywords.get('axis') ?? args.positional[1] ?? constant(0));
        // Channels are axis 1 in PyTorch's layout and the last axis in the simulation's.
        const config: Record<string, ConfigValue> = dim === 1 || dim === -1 ? { axis: -1 } : dim === undefined ? {} : { axis: dim };
        return this.op(this.opLayer('Concatenate', 'merge', call, argList, config), calleeText, call, tensors);
      }
      case 'add':
        if (input?.k === 'tensor' && args.positional[1]?.k === 'tensor') return this.op(this.opLayer('Add', 'merge', call, argList), calleeText, call, args.positional.slice(0, 2));
        break;
      case 'no_grad':
      case 'enable_grad':
      case 'manual_seed':
        return UNKNOWN;
      default:
        if (LAYOUT_FUNCTIONS.has(name) && input?.k === 'tensor') return input;
    }
    // Any other op on a tensor: a layer of unknown effect, so nothing is assumed past it.
    const tensors = args.positional.filter((value) => value.k === 'tensor');
    if (tensors.length === 0) return UNKNOWN;
    return this.op(this.opLayer(calleeText, 'other', call, argList, {}, { name: 'unknown' }), calleeText, call, tensors);
  }

  private activationLayer(name: ActivationName | 'unknown', bound: Map<string, { value: Value }>, defaults: Readonly<Record<string, number>> | undefined, call: SyntaxNode, argList: SyntaxNode, at: Span): LayerState {
    const config: Record<string, ConfigValue> = { ...(defaults ?? {}) };
    for (const key of ['negative_slope', 'alpha', 'beta']) {
      const value = bound.get(key)?.value;
      if (!value) continue;
      const literal = configValueOf(value);
      if (literal === undefined) delete config[key];
      else config[key] = literal;
    }
    let resolved = name;
    // Softplus with beta ≠ 1 is another function.
    if (name === 'softplus' && config.beta !== undefined && config.beta !== 1) resolved = 'unknown';
    const kind = resolved === 'relu' ? 'ReLU' : resolved === 'leaky_relu' ? 'LeakyReLU' : resolved === 'elu' ? 'ELU' : resolved === 'softmax' ? 'Softmax' : 'Activation';
    if ((kind === 'LeakyReLU' && config.negative_slope === undefined) || (kind === 'ELU' && config.alpha === undefined)) resolved = 'unknown';
    return this.opLayer(kind, 'activation', call, argList, config, { name: resolved, span: at });
  }

  private tensorMethod(tensor: Extract<Value, { k: 'tensor' }>, name: string, call: SyntaxNode, callee: SyntaxNode, args: Args): Value | undefined {
    const argList = lastChildNamed(call, 'ArgList') ?? call;
    const activation = torchFunctionalActivation(name);
    const property = lastChildNamed(callee, 'PropertyName') ?? callee;
    if (activation) {
      const bound = bindArgs({ ...args, positional: [tensor, ...args.positional], positionalNodes: [callee, ...args.positionalNodes] }, activation.params);
      return this.op(this.activationLayer(activation.name, bound, activation.defaults, call, argList, spanOf(property)), `${textOf(this.source, property)}()`, call, [tensor]);
    }
    if (LAYOUT_METHODS.has(name)) return tensor;
    if (NOT_SIGNAL.has(name)) return UNKNOWN;
    if (name === 'view' || name === 'reshape' || name === 'flatten') {
      // `x.view(x.size(0), -1)`, `x.flatten(1)`: to one feature axis; other reshapes keep the tensor.
      const flattens = name === 'flatten' ? true : args.positional.length === 2;
      return flattens ? this.op(this.opLayer('Flatten', 'passthrough', call, argList), `${textOf(this.source, property)}()`, call, [tensor]) : tensor;
    }
    if (name === 'mean' || name === 'amax') {
      const dims = configValueOf(args.positional[0] ?? args.keywords.get('dim'));
      if (Array.isArray(dims) && dims.length >= 1 && dims.length <= 3 && dims.every((d) => d >= 2)) {
        const kind = `Global${name === 'mean' ? 'Average' : 'Max'}Pooling${dims.length}D`;
        return this.op(this.opLayer(kind, 'passthrough', call, argList), `${name}()`, call, [tensor]);
      }
    }
    if ((name === 'add' || name === 'add_') && args.positional[0]?.k === 'tensor') return this.op(this.opLayer('Add', 'merge', call, argList), `${name}()`, call, [tensor, args.positional[0]]);
    return this.op(this.opLayer(`${name}()`, 'other', call, argList, {}, { name: 'unknown' }), `${name}()`, call, [tensor, ...args.positional.filter((value) => value.k === 'tensor')]);
  }

  protected arithmetic(operator: string, left: Value, right: Value, node: SyntaxNode): Value | undefined {
    // `torch.randn(out, in) * 0.01`, `torch.ones(n) / n`: a factory tensor scaled.
    const factor = (value: Value): number | undefined => (value.k === 'const' && typeof value.value === 'number' ? value.value : undefined);
    if (left.k === 'factory' && (operator === '*' || operator === '/') && factor(right) !== undefined) {
      const by = operator === '*' ? factor(right)! : factor(right) === 0 ? undefined : 1 / factor(right)!;
      return { k: 'factory', spec: by === undefined || !left.spec ? undefined : scaled(left.spec, by) };
    }
    if (right.k === 'factory' && operator === '*' && factor(left) !== undefined) return { k: 'factory', spec: right.spec && scaled(right.spec, factor(left)!) };
    if (left.k === 'factory' || right.k === 'factory') return { k: 'factory', spec: undefined };
    if (left.k !== 'tensor' && right.k !== 'tensor') return undefined;
    if (operator === '+' && left.k === 'tensor' && right.k === 'tensor') return this.op(this.opLayer('Add', 'merge', node, node), 'add', node, [left, right]);
    const tensors = [left, right].filter((value) => value.k === 'tensor');
    return this.op(this.opLayer(operator, 'other', node, node, {}, { name: 'unknown' }), operator, node, operator === 'neg' ? [left] : tensors);
  }

  private factory(name: string, args: Args): Value {
    if (name === 'tensor' || name === 'empty' || name === 'empty_like') return { k: 'factory', spec: undefined };
    const fill = name === 'full' ? args.positional[1] ?? args.keywords.get('fill_value') : name === 'full_like' ? args.positional[1] ?? args.keywords.get('fill_value') : undefined;
    return { k: 'factory', spec: torchFactorySpec(name, fill?.k === 'const' && typeof fill.value === 'number' ? fill.value : undefined) };
  }

  // ---- models ----

  protected override assign(target: SyntaxNode, value: Value, scope: Scope, statement: SyntaxNode): void {
    super.assign(target, value, scope, statement);
    // `model = nn.Sequential(...)` in a script: where a fix adds initialization after it.
    if (value.k === 'module' && value.module.topLevel && target.name === 'VariableName' && statement.name === 'AssignStatement' && !this.bindings.has(value.module)) {
      this.bindings.set(value.module, { variable: textOf(this.source, target), statement });
    }
  }

  private sequentialModel(module: TorchModule): void {
    const binding = this.bindings.get(module);
    this.applied = [];
    try {
      this.applyModule(module, { ...emptyArgs(), positional: [{ k: 'tensor' }], positionalNodes: [module.node] }, module.node);
      const model = this.modelOf(binding?.variable ?? 'sequential', spanOf(module.node), module, binding?.variable, this.applied);
      if (binding) model.torchPlace = { kind: 'statement', statementSpan: spanOf(binding.statement), variable: binding.variable, indent: this.indentOf(binding.statement) };
      this.models.push(model);
    } finally {
      this.applied = undefined;
    }
  }

  private classModel(info: ClassInfo, instance: TorchModule): void {
    this.applied = [];
    try {
      this.applyModule(instance, { ...emptyArgs(), positional: [{ k: 'tensor' }], positionalNodes: [info.def] }, info.def);
      if (this.applied.length === 0) return;
      const model = this.modelOf(info.name, spanOf(info.def), instance, 'self', this.applied);
      const body = childNamed(info.def, 'Body');
      const firstStatement = body ? firstStatementOf(body) : undefined;
      const init = body ? ownMethod(body, '__init__', this.source) : undefined;
      model.torchPlace = {
        kind: 'class',
        classSpan: spanOf(info.def),
        ...(init ? { initSpan: spanOf(init) } : {}),
        indent: firstStatement ? this.indentOf(firstStatement) : '    ',
      };
      this.models.push(model);
    } finally {
      this.applied = undefined;
    }
  }

  /** The model a forward pass's applications make: forward order, names and accessors from the module tree. */
  private modelOf(name: string, span: Span, root: TorchModule, prefix: string | undefined, applied: Applied[]): ModelIR {
    const places = placesOf(root, prefix);
    // Forward order: every layer after the layers it consumes, in the order they were applied among equals.
    const ordered: Applied[] = [];
    const visited = new Set<Applied>();
    const inRun = new Set(applied);
    const visit = (draft: Applied): void => {
      if (visited.has(draft) || !inRun.has(draft)) return;
      visited.add(draft);
      [...draft.upstream].sort(byOrder).forEach(visit);
      ordered.push(draft);
    };
    [...applied].sort(byOrder).forEach(visit);
    const model: ModelIR = { name, framework: 'torch', span, layers: [] };
    const indexOf = new Map<Applied, number>();
    for (const draft of ordered) {
      indexOf.set(draft, model.layers.length);
      const place = draft.module ? places.get(draft.module) : undefined;
      const inputs = draft.upstream.map((up) => indexOf.get(up)).filter((index): index is number => index !== undefined);
      const layer = placedLayer(draft.layer, draft.name ?? place?.name ?? draft.module?.className.toLowerCase() ?? draft.layer.kind, inputs);
      if (place?.accessor !== undefined) layer.accessor = place.accessor;
      if (layer.inUnknownLoop) model.depthKnown = false;
      model.layers.push(layer);
    }
    statedInputShape(model);
    return model;
  }

  private indentOf(statement: SyntaxNode): string {
    const lineStart = this.source.lastIndexOf('\n', statement.from - 1) + 1;
    const indent = this.source.slice(lineStart, statement.from);
    return /^[ \t]*$/.test(indent) ? indent : '';
  }
}

// ---- helpers ----

function emptyArgs(): Args {
  return { positional: [], positionalNodes: [], keywords: new Map(), keywordNodes: new Map(), open: false };
}

function pair(a: Value, b: Value): Value {
  return { k: 'seq', items: [a, b], tuple: true };
}

function sequenceOf(items: Value[]): Value {
  return { k: 'seq', items, tuple: false };
}

function byOrder(a: Applied, b: Applied): number {
  return a.order - b.order;
}

function producersOf(value: Value): Applied[] {
  if (value.k === 'tensor') return value.producer ? [value.producer] : [];
  if (value.k === 'seq') return value.items.flatMap(producersOf);
  return [];
}

function preOrder(root: TorchModule): TorchModule[] {
  const found: TorchModule[] = [];
  const seen = new Set<TorchModule>();
  const visit = (module: TorchModule): void => {
    if (seen.has(module)) return;
    seen.add(module);
    found.push(module);
    module.children.forEach(visit);
  };
  visit(root);
  return found;
}

function postOrder(root: TorchModule): TorchModule[] {
  const found: TorchModule[] = [];
  const seen = new Set<TorchModule>();
  const visit = (module: TorchModule): void => {
    if (seen.has(module)) return;
    seen.add(module);
    module.children.forEach(visit);
    found.push(module);
  };
  visit(root);
  return found;
}

function namedModules(root: TorchModule): [string, TorchModule][] {
  const found: [string, TorchModule][] = [];
  const seen = new Set<TorchModule>();
  const visit = (module: TorchModule, name: string): void => {
    if (seen.has(module)) return;
    seen.add(module);
    found.push([name, module]);
    for (const [childName, child] of module.children) visit(child, name === '' ? childName : `${name}.${childName}`);
  };
  visit(root, '');
  return found;
}

function namedParameters(root: TorchModule): [string, Value][] {
  const found: [string, Value][] = [];
  for (const [prefix, module] of namedModules(root)) {
    for (const name of module.params.keys()) found.push([prefix === '' ? name : `${prefix}.${name}`, { k: 'param', owner: module, name }]);
  }
  return found;
}

/** Each module's qualified name (`features.0`) and accessor (`self.features[0]`) under `root`. */
function placesOf(root: TorchModule, prefix: string | undefined): Map<TorchModule, Place> {
  const places = new Map<TorchModule, Place>();
  const visit = (module: TorchModule, name: string, accessor: string | undefined): void => {
    let position = 0;
    for (const [childName, child] of module.children) {
      if (places.has(child)) {
        position++;
        continue;
      }
      const qualified = name === '' ? childName : `${name}.${childName}`;
      let reach: string | undefined;
      if (accessor !== undefined && !module.open) {
        // Sequential and ModuleList index by position; named children (OrderedDict, add_module) by attribute.
        if (module.container === 'ModuleDict') reach = `${accessor}['${childName.replace(/[\\']/g, (char) => `\\${char}`)}']`;
        else if (module.container && childName === String(position)) reach = `${accessor}[${childName}]`;
        else if (/^[A-Za-z_]\w*$/.test(childName)) reach = `${accessor}.${childName}`;
      }
      position++;
      places.set(child, { name: qualified, ...(reach !== undefined ? { accessor: reach } : {}) });
      visit(child, qualified, reach);
    }
  };
  visit(root, '', prefix);
  return places;
}

/**
 * A model whose first kernel layer is a Linear with a literal in_features takes inputs of that
 * many features: the input shape the simulation needs, stated by the code (layers before it may
 * only reshape, normalize, drop or activate).
 */
function statedInputShape(model: ModelIR): void {
  const first = model.layers.findIndex((layer) => layer.role === 'kernel' || layer.role === 'other' || layer.role === 'merge');
  const layer = model.layers[first];
  if (!layer || layer.kind !== 'Dense' || layer.statedFanIn === undefined || model.layers.slice(0, first + 1).some((each) => each.inUnknownLoop)) return;
  model.layers[0] = { ...model.layers[0], inputShape: [layer.statedFanIn] };
}

function readSpec(row: TorchInitRow, args: Args): InitializerSpec | undefined {
  if (args.open) return undefined;
  const values: ArgValues = {};
  for (const [name, { value }] of bindArgs(args, row.params)) {
    const literal = configValueOf(value);
    values[name] = literal === undefined || Array.isArray(literal) ? null : literal;
  }
  return row.build(values);
}

/** A spec multiplied by `factor` (`w.mul_(0.1)` after an initializer). */
function scaled(spec: InitializerSpec, factor: number): InitializerSpec {
  switch (spec.kind) {
    case 'variance_scaling':
      return { ...spec, scale: spec.scale * factor * factor };
    case 'absolute':
      return { ...spec, mean: spec.mean * factor, stddev: spec.stddev * Math.abs(factor) };
    case 'constant':
      return { ...spec, value: spec.value === undefined ? undefined : spec.value * factor };
    case 'orthogonal':
    case 'identity':
      return { ...spec, gain: spec.gain * factor };
  }
}

function dimsOf(param: Extract<Value, { k: 'param' }>): Value | undefined {
  const dims = param.owner.params.get(param.name);
  return dims === undefined ? undefined : constant(dims);
}

function literalValueOf(value: ConfigValue): Value {
  return Array.isArray(value) ? { k: 'seq', items: value.map((n) => constant(n)), tuple: true } : constant(value);
}

function pythonType(value: Value): string | undefined {
  if (value.k === 'seq') return value.tuple ? 'tuple' : 'list';
  if (value.k === 'dict') return 'dict';
  if (value.k !== 'const') return undefined;
  switch (typeof value.value) {
    case 'number':
      return Number.isInteger(value.value) ? 'int' : 'float';
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    default:
      return 'NoneType';
  }
}

function mathCall(name: string, args: Args): Value {
  const values = args.positional.map((value) => (value.k === 'const' && typeof value.value === 'number' ? value.value : undefined));
  const [a, b] = values;
  if (name === 'prod') {
    const first = args.positional[0];
    const items = first?.k === 'seq' && !first.open ? first.items.map((item) => (item.k === 'const' && typeof item.value === 'number' ? item.value : undefined)) : undefined;
    return items && items.every((item): item is number => item !== undefined) ? constant(items.reduce((x, y) => x * y, 1)) : UNKNOWN;
  }
  if (a === undefined) return UNKNOWN;
  switch (name) {
    case 'sqrt':
      return a >= 0 ? constant(Math.sqrt(a)) : UNKNOWN;
    case 'exp':
      return constant(Math.exp(a));
    case 'log':
      return a > 0 ? constant(Math.log(a)) : UNKNOWN;
    case 'ceil':
      return constant(Math.ceil(a));
    case 'floor':
      return constant(Math.floor(a));
    case 'pow':
      return b === undefined ? UNKNOWN : constant(a ** b);
    default:
      return UNKNOWN;
  }
}

function orderedDict(args: Args): Value {
  const [first] = args.positional;
  if (!first) return { k: 'dict', keys: [...args.keywords.keys()].map((key) => constant(key)), values: [...args.keywords.values()] };
  if (first.k === 'dict') return { k: 'dict', keys: [...first.keys], values: [...first.values] };
  if (first.k !== 'seq' || first.open) return UNKNOWN;
  const keys: Value[] = [];
  const values: Value[] = [];
  for (const item of first.items) {
    if (item.k !== 'seq' || item.items.length !== 2) return UNKNOWN;
    keys.push(item.items[0]);
    values.push(item.items[1]);
  }
  return { k: 'dict', keys, values };
}

/** How the file reaches torch.nn, for an `nn.init` call written in place of a tensor method. */
function nnQualifierOf(imports: readonly ImportBinding[]): string {
  const nn = imports.find((binding) => binding.path === 'torch.nn');
  if (nn) return `${nn.local}.`;
  const torch = imports.find((binding) => binding.path === 'torch');
  return torch ? `${torch.local}.nn.` : '';
}

function firstStatementOf(body: SyntaxNode): SyntaxNode | undefined {
  for (let child = body.firstChild; child; child = child.nextSibling) if (child.name !== ':' && child.name !== 'Comment') return child;
  return undefined;
}

/** A method the class body itself defines (not an inherited one). */
function ownMethod(body: SyntaxNode, name: string, source: string): SyntaxNode | undefined {
  for (let child = body.firstChild; child; child = child.nextSibling) {
    const def = child.name === 'DecoratedStatement' ? childNamed(child, 'FunctionDefinition') : child.name === 'FunctionDefinition' ? child : null;
    const nameNode = def && childNamed(def, 'VariableName');
    if (def && nameNode && textOf(source, nameNode) === name) return def;
  }
  return undefined;
}

function isOwnMethod(info: ClassInfo, def: SyntaxNode): boolean {
  const owner = def.parent?.name === 'DecoratedStatement' ? def.parent.parent : def.parent;
  return owner?.parent?.from === info.def.from && owner.parent.to === info.def.to;
}

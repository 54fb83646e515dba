// ModelIR: the framework-neutral description every rule and the simulation read.
// Positions are UTF-16 offsets into the analyzed text; adapters turn them into lines.

import type { ActivationName } from './catalog/activations';
import type { InitializerSpec } from './catalog/initializers';

export interface Span {
  from: number;
  to: number;
}

export type Language = 'python' | 'typescript' | 'javascript';
export type Framework = 'keras' | 'tfjs' | 'torch';

/** How an initializer was written, so a fix can rewrite it in the same form. */
export type InitializerForm =
  /** A name in quotes: Keras snake_case (`'he_normal'`) or, in a TF.js model, camelCase (`'heNormal'`). */
  | { kind: 'string'; quote: string }
  /** `initializers.HeNormal(seed=1)`: `nameSpan` covers `HeNormal`, `qualifier` is `initializers.`. */
  | { kind: 'class'; qualifier: string; nameSpan: Span; seedText?: string }
  /** Keras's snake_case function spelling: `tf.keras.initializers.he_normal(seed=1)`. */
  | { kind: 'keras-function'; qualifier: string; nameSpan: Span; seedText?: string }
  /**
   * A TF1 initializer function: `tf.zeros_initializer()`, `tf.compat.v1.glorot_uniform_initializer()`,
   * `tf.contrib.layers.xavier_initializer()`. `root` is the TensorFlow module as written (`tf.`,
   * `tf.compat.v1.`, or `` for a bare imported name), where the replacement function is looked up.
   */
  | { kind: 'tf1'; root: string; nameSpan: Span; seedText?: string }
  /**
   * A TF.js factory call: `tf.initializers.heNormal({seed: 1})`. `argsText` is the arguments
   * object as written (kept by a swap when the new factory accepts it).
   */
  | { kind: 'tfjs-call'; qualifier: string; nameSpan: Span; argsText?: string }
  /**
   * A PyTorch initialization statement. `call`: `nn.init.kaiming_normal_(self.fc.weight, nonlinearity='relu')`,
   * where `qualifier` is the text before the function name (`nn.init.`, `torch.nn.init.`, `init.`, or
   * `` for a bare imported name). `method`: an in-place tensor method, `self.fc.weight.data.normal_(0, 0.01)`
   * or `w.fill_(0.5)` (`qualifier` is then the module path the file reaches `torch.nn` by, `nn.`, for
   * the `nn.init` call a fix writes in its place, or `` when the file has none). `tensorText` is the
   * weight expression as written (`self.fc.weight`, `m.weight`, `p`; without `.data`); the ref's
   * `span` covers the whole call, `nameSpan` the function or method name.
   */
  | { kind: 'torch-init'; style: 'call' | 'method'; qualifier: string; tensorText: string; nameSpan: Span }
  | { kind: 'other' };

export interface InitializerRef {
  /** What the initializer samples; undefined when it cannot be resolved statically. */
  spec: InitializerSpec | undefined;
  /** False when the framework default applies (no argument was written). */
  explicit: boolean;
  /** The argument's value expression (explicit initializers only). */
  span?: Span;
  form: InitializerForm;
}

export interface ActivationRef {
  name: ActivationName | 'unknown';
  /** Where the activation is written; absent for an implicit linear activation. */
  span?: Span;
}

/** `merge`: combines several inputs (Add, Concatenate). */
export type LayerRole = 'kernel' | 'activation' | 'normalization' | 'passthrough' | 'merge' | 'input' | 'other';

/** A literal argument value as written: numbers, strings, booleans, None, tuples of numbers. */
export type ConfigValue = number | string | boolean | null | number[];

export interface LayerIR {
  /** Canonical layer class, Keras spelling: `Dense`, `Conv2D`, `Activation`, … */
  kind: string;
  role: LayerRole;
  /** The layer's name: its `name=` argument or the framework's automatic one. */
  name: string;
  /** The whole constructor call. */
  span: Span;
  /** The constructor's argument list, for fixes that add a keyword argument. */
  argsSpan: Span;
  /** TF.js: the layer's options object literal `{units: 8, …}`, where a missing property is inserted. */
  optionsSpan?: Span;
  units?: number;
  kernelSize?: number[];
  inputShape?: number[];
  /** The layer's own activation argument (a linear default when absent). */
  activation: ActivationRef;
  kernelInitializer?: InitializerRef;
  biasInitializer?: InitializerRef;
  /**
   * Further weight initializers by role: `recurrent` (RNN recurrent kernels), `pointwise`
   * (separable convolutions; `kernelInitializer` then holds the depthwise one).
   */
  extraInitializers?: Record<string, InitializerRef>;
  /**
   * Every literal constructor argument by its Keras (snake_case) parameter name: `strides`,
   * `padding`, `pool_size`, `rate`, `negative_slope`, `input_dim`, `use_bias`, … Non-literal
   * arguments are absent: unknown, never guessed.
   */
  config: Record<string, ConfigValue>;
  /** Parameters written with a value that is not a literal (`strides=s`): known to be set, not to what. */
  dynamicArguments?: string[];
  /** Indices (into the model's layers) of the layers this one consumes. */
  inputs: number[];
  /**
   * Built inside a loop whose trip count is unknown (`for u in sizes` with `sizes` unknown, a
   * `while`): the layer appears once, though the program may build it any number of times.
   */
  inUnknownLoop?: true;
  /**
   * PyTorch: how code placed after the model's definition reaches this layer (`self.fc1`,
   * `self.features[0]`, `model[2]`, `model.fc1`), where a fix inserts initialization; absent
   * when it cannot be written (a layer of a ModuleList built in a loop).
   */
  accessor?: string;
  /**
   * PyTorch: the weight's fan_in as torch computes it from the constructor's literal sizes
   * (`_calculate_fan_in_and_fan_out`: Linear `in_features`, Conv `in_channels/groups · Πk`,
   * ConvTranspose `out_channels/groups · Πk`, Embedding `embedding_dim`, RNN `input_size`);
   * used where shapes cannot be inferred.
   */
  statedFanIn?: number;
}

export interface ModelIR {
  name: string;
  framework: Framework;
  /** The model's definition (the `Sequential(...)` call or the `Model(...)` call). */
  span: Span;
  /** Layers in forward order. */
  layers: LayerIR[];
  /**
   * False when some layers repeat an unknown number of times (`inUnknownLoop`): per-layer
   * findings still hold, but the model's depth, and so its gradient flow, is unknown.
   */
  depthKnown?: false;
  /**
   * PyTorch: where a fix that adds initialization code goes. `class`: an `nn.Module` subclass,
   * with its `__init__` definition (the whole `FunctionDefinition`) and the class body's indent.
   * `statement`: a model built by a statement (`model = nn.Sequential(...)`), bound to `variable`.
   */
  torchPlace?:
    | { kind: 'class'; classSpan: Span; initSpan?: Span; indent: string }
    | { kind: 'statement'; statementSpan: Span; variable: string; indent: string };
}

/** A name bound by an import, e.g. `from keras import layers as L` binds `L` → `keras.layers`. */
export interface ImportBinding {
  local: string;
  path: string;
  /** For `from m import a, b`: where a further name can be appended to that import list. */
  appendAt?: number;
}

export interface FileIR {
  language: Language;
  models: ModelIR[];
  imports: ImportBinding[];
  /** Preferred string quote of the file, for inserted text. */
  quote: string;
  /** True when the parser had to recover from syntax errors. */
  hasSyntaxErrors: boolean;
}

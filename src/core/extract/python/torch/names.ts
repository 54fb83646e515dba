// What a resolved dotted path means to the PyTorch reader: torch.nn modules and containers,
// torch.nn.init functions, functional ops, tensor factories, and the few helpers of math,
// numpy and collections that model code computes sizes and gains with.

import { torchInitRow } from '../../../catalog/torch';

export type TorchSymbol =
  /** A torch.nn class: a layer, a container, `Module` itself, or one the catalog does not know. */
  | { type: 'module'; className: string }
  | { type: 'init'; name: string }
  | { type: 'calculateGain' }
  | { type: 'fans' }
  /** `torch.nn.functional.<name>` or `torch.<name>` applied to tensors. */
  | { type: 'functional'; name: string }
  | { type: 'factory'; name: string }
  | { type: 'parameter' }
  /** torch.nn.utils' weight_norm and spectral_norm: the module, reparametrized. */
  | { type: 'weightNorm'; spectral: boolean }
  | { type: 'orderedDict' }
  | { type: 'math'; name: string };

const FACTORIES = new Set(['zeros', 'ones', 'eye', 'full', 'randn', 'rand', 'empty', 'tensor', 'zeros_like', 'ones_like', 'full_like', 'randn_like', 'rand_like', 'empty_like']);
const MATH_MODULES = ['math', 'numpy', 'torch'];
const MATH_FUNCTIONS = new Set(['sqrt', 'pow', 'exp', 'log', 'ceil', 'floor', 'prod']);

const symbols = new Map<string, TorchSymbol | undefined>();

/** The symbol the first of `paths` that means one stands for. */
export function torchSymbolOf(paths: readonly string[]): TorchSymbol | undefined {
  for (const path of paths) {
    let symbol = symbols.get(path);
    if (!symbols.has(path)) {
      symbol = resolve(path);
      if (symbols.size > 4096) symbols.clear();
      symbols.set(path, symbol);
    }
    if (symbol) return symbol;
  }
  return undefined;
}

function resolve(path: string): TorchSymbol | undefined {
  if (path === 'collections.OrderedDict' || path === 'typing.OrderedDict') return { type: 'orderedDict' };
  const dot = path.lastIndexOf('.');
  const module = path.slice(0, dot);
  const name = path.slice(dot + 1);
  if (MATH_MODULES.includes(module) && MATH_FUNCTIONS.has(name)) return { type: 'math', name };
  if (module === 'torch.nn.init') {
    if (name === 'calculate_gain') return { type: 'calculateGain' };
    if (name === '_calculate_fan_in_and_fan_out') return { type: 'fans' };
    return torchInitRow(name) ? { type: 'init', name } : undefined;
  }
  if (module === 'torch.nn.functional') return { type: 'functional', name };
  if (path === 'torch.nn.Parameter' || path === 'torch.nn.parameter.Parameter') return { type: 'parameter' };
  if (module === 'torch.nn.utils' || module === 'torch.nn.utils.parametrizations') {
    if (name === 'weight_norm' || name === 'spectral_norm') return { type: 'weightNorm', spectral: name === 'spectral_norm' };
  }
  // torch.nn.Linear, and the modules' own paths: torch.nn.modules.linear.Linear.
  if ((module === 'torch.nn' || module.startsWith('torch.nn.modules')) && /^[A-Z_]/.test(name)) return { type: 'module', className: name };
  if (module === 'torch') {
    if (FACTORIES.has(name)) return { type: 'factory', name };
    if (/^[a-z]/.test(name)) return { type: 'functional', name };
  }
  return undefined;
}

/**
 * torch.nn's class hierarchy where model code tests it (`isinstance(m, nn.modules.conv._ConvNd)`):
 * the bases of each class, nearest first. Every class is a `Module`.
 */
const TORCH_BASES: Record<string, readonly string[]> = {
  Conv1d: ['_ConvNd'],
  Conv2d: ['_ConvNd'],
  Conv3d: ['_ConvNd'],
  ConvTranspose1d: ['_ConvTransposeNd', '_ConvNd'],
  ConvTranspose2d: ['_ConvTransposeNd', '_ConvNd'],
  ConvTranspose3d: ['_ConvTransposeNd', '_ConvNd'],
  BatchNorm1d: ['_BatchNorm', '_NormBase'],
  BatchNorm2d: ['_BatchNorm', '_NormBase'],
  BatchNorm3d: ['_BatchNorm', '_NormBase'],
  SyncBatchNorm: ['_BatchNorm', '_NormBase'],
  InstanceNorm1d: ['_InstanceNorm', '_NormBase'],
  InstanceNorm2d: ['_InstanceNorm', '_NormBase'],
  InstanceNorm3d: ['_InstanceNorm', '_NormBase'],
  RNN: ['RNNBase'],
  LSTM: ['RNNBase'],
  GRU: ['RNNBase'],
  RNNCell: ['RNNCellBase'],
  LSTMCell: ['RNNCellBase'],
  GRUCell: ['RNNCellBase'],
  MaxPool1d: ['_MaxPoolNd'],
  MaxPool2d: ['_MaxPoolNd'],
  MaxPool3d: ['_MaxPoolNd'],
  AvgPool1d: ['_AvgPoolNd'],
  AvgPool2d: ['_AvgPoolNd'],
  AvgPool3d: ['_AvgPoolNd'],
  Dropout: ['_DropoutNd'],
  Dropout1d: ['_DropoutNd'],
  Dropout2d: ['_DropoutNd'],
  Dropout3d: ['_DropoutNd'],
  AlphaDropout: ['_DropoutNd'],
};

/** Whether an instance of torch.nn's `className` is an instance of torch.nn's `cls`. */
export function torchSubclass(className: string, cls: string): boolean {
  return className === cls || cls === 'Module' || (TORCH_BASES[className]?.includes(cls) ?? false);
}

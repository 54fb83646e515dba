// Keras layer classes: positional parameters and what each layer does to the signal.

import type { LayerRole } from '../ir';

export interface LayerRow {
  kind: string;
  role: LayerRole;
  /** Positional parameters in order, as the Keras constructor declares them. */
  params: readonly string[];
  /** For activation layers: the activation they apply (ReLU → relu); `Activation` reads its argument. */
  fixedActivation?: string;
}

const CONV_PARAMS = ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer'];

const ROWS: readonly LayerRow[] = [
  { kind: 'Dense', role: 'kernel', params: ['units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer'] },
  { kind: 'Conv1D', role: 'kernel', params: CONV_PARAMS },
  { kind: 'Conv2D', role: 'kernel', params: CONV_PARAMS },
  { kind: 'Conv3D', role: 'kernel', params: CONV_PARAMS },
  { kind: 'Activation', role: 'activation', params: ['activation'] },
  { kind: 'ReLU', role: 'activation', params: [], fixedActivation: 'relu' },
  { kind: 'LeakyReLU', role: 'activation', params: [], fixedActivation: 'leaky_relu' },
  { kind: 'ELU', role: 'activation', params: [], fixedActivation: 'elu' },
  { kind: 'PReLU', role: 'activation', params: [], fixedActivation: 'leaky_relu' },
  { kind: 'Softmax', role: 'activation', params: [], fixedActivation: 'softmax' },
  { kind: 'BatchNormalization', role: 'normalization', params: [] },
  { kind: 'LayerNormalization', role: 'normalization', params: [] },
  { kind: 'Dropout', role: 'passthrough', params: ['rate'] },
  { kind: 'Flatten', role: 'passthrough', params: [] },
  { kind: 'Reshape', role: 'passthrough', params: ['target_shape'] },
  { kind: 'MaxPooling1D', role: 'passthrough', params: [] },
  { kind: 'MaxPooling2D', role: 'passthrough', params: [] },
  { kind: 'MaxPooling3D', role: 'passthrough', params: [] },
  { kind: 'AveragePooling1D', role: 'passthrough', params: [] },
  { kind: 'AveragePooling2D', role: 'passthrough', params: [] },
  { kind: 'AveragePooling3D', role: 'passthrough', params: [] },
  { kind: 'GlobalAveragePooling1D', role: 'passthrough', params: [] },
  { kind: 'GlobalAveragePooling2D', role: 'passthrough', params: [] },
  { kind: 'GlobalMaxPooling1D', role: 'passthrough', params: [] },
  { kind: 'GlobalMaxPooling2D', role: 'passthrough', params: [] },
  { kind: 'InputLayer', role: 'input', params: ['shape'] },
];

/** Other names Keras exports for the same classes. */
const ALIASES: Record<string, string> = {
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  MaxPool1D: 'MaxPooling1D',
  MaxPool2D: 'MaxPooling2D',
  MaxPool3D: 'MaxPooling3D',
  AvgPool1D: 'AveragePooling1D',
  AvgPool2D: 'AveragePooling2D',
  AvgPool3D: 'AveragePooling3D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
};

const BY_KIND = new Map(ROWS.map((row) => [row.kind, row]));

/** A Keras layer class by its exported name, or undefined for one the catalog does not know. */
export function kerasLayer(className: string): LayerRow | undefined {
  return BY_KIND.get(ALIASES[className] ?? className);
}

/** Keras's automatic layer name: `Conv2D` → `conv2d`, `BatchNormalization` → `batch_normalization`. */
export function kerasAutoName(kind: string): string {
  return kind.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

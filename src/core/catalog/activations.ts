// Activations by canonical name, grouped by what initializer scale keeps their signal.

export type ActivationFamily =
  /** Zero or damp half the input: need Var(W)·fan_in ≈ 2 (He). */
  | 'relu'
  /** Unit slope at zero and bounded: need Var(W)·fan_in ≈ 1 (Glorot / LeCun). */
  | 'saturating'
  /** Self-normalizing: needs LeCun normal. */
  | 'selu'
  | 'linear'
  | 'softmax'
  /** No rule of thumb applies (softplus, exponential, …). */
  | 'other';

const FAMILY_OF = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu',
  leaky_relu: 'relu',
  elu: 'relu',
  gelu: 'relu',
  silu: 'relu',
  swish: 'relu',
  mish: 'relu',
  hard_silu: 'relu',
  hard_swish: 'relu',
  tanh: 'saturating',
  sigmoid: 'saturating',
  hard_sigmoid: 'saturating',
  softsign: 'saturating',
  selu: 'selu',
  softmax: 'softmax',
  log_softmax: 'softmax',
  softplus: 'other',
  exponential: 'other',
} as const satisfies Record<string, ActivationFamily>;

export type ActivationName = keyof typeof FAMILY_OF;

/** Spellings that name the same activation. */
const ALIASES: Record<string, ActivationName> = {
  leakyrelu: 'leaky_relu',
  leaky_re_lu: 'leaky_relu',
  hardsigmoid: 'hard_sigmoid',
  hard_swish: 'hard_swish',
  logsoftmax: 'log_softmax',
  none: 'linear',
  identity: 'linear',
};

/** Canonical activation for a name written in code (`'relu'`, `tf.nn.relu`'s `relu`, `LeakyReLU`…). */
export function activationByName(written: string): ActivationName | undefined {
  const key = written.toLowerCase();
  if (key in FAMILY_OF) return key as ActivationName;
  return ALIASES[key];
}

export function activationFamily(name: ActivationName): ActivationFamily {
  return FAMILY_OF[name];
}

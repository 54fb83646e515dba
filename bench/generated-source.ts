// Deterministic, realistic model files for the analysis bench: imports, several models of every
// shape the extractors know (Sequential lists, `model.add` chains, functional graphs, helper
// functions that build blocks), comments, and plain code in between that holds no model at all.

import seedrandom from 'seedrandom';

type Random = seedrandom.PRNG;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

/**
 * Appends generated sections while they fit in `lines` lines, then pads with one-line statements
 * (`filler`), so the file has exactly that many lines and no section is cut in half.
 */
function fill(lines: number, header: string[], section: (index: number) => string[], filler: (index: number) => string): string {
  const out = [...header];
  for (let index = 0; ; index++) {
    const next = [...section(index), ''];
    if (out.length + next.length > lines) break;
    out.push(...next);
  }
  for (let index = 0; out.length < lines; index++) out.push(filler(index));
  return out.join('\n') + '\n';
}

// --- Keras (Python) -------------------------------------------------------------------------

const KERAS_ACTIVATIONS = ['relu', 'relu', 'relu', 'tanh', 'sigmoid', 'gelu', 'selu', 'elu', 'swish'];
const KERAS_STRING_INITS = ['he_normal', 'he_uniform', 'glorot_uniform', 'glorot_normal', 'lecun_normal', 'zeros', 'ones', 'orthogonal'];
const KERAS_CLASS_INITS = ['HeNormal()', 'GlorotUniform(seed=3)', 'RandomNormal(stddev=0.02)', 'Constant(0.1)', 'TruncatedNormal(stddev=0.05)', 'VarianceScaling(scale=2.0, mode="fan_in")'];

function kerasInitializerArgument(random: Random): string {
  const roll = random();
  if (roll < 0.45) return '';
  if (roll < 0.85) return `, kernel_initializer="${pick(random, KERAS_STRING_INITS)}"`;
  return `, kernel_initializer=initializers.${pick(random, KERAS_CLASS_INITS)}`;
}

function kerasDense(random: Random): string {
  return `layers.Dense(${pick(random, [16, 32, 64, 128, 256, 512])}, activation="${pick(random, KERAS_ACTIVATIONS)}"${kerasInitializerArgument(random)})`;
}

/** One layer of a sequential stack: mostly Dense, with the occasional normalization, dropout or activation layer. */
function kerasStackLayer(random: Random): string {
  const roll = random();
  if (roll < 0.6) return kerasDense(random);
  if (roll < 0.72) return 'layers.BatchNormalization()';
  if (roll < 0.84) return `layers.Dropout(${pick(random, ['0.1', '0.2', '0.3', '0.5'])})`;
  if (roll < 0.92) return `layers.Activation("${pick(random, KERAS_ACTIVATIONS)}")`;
  return `layers.Dense(${pick(random, [32, 64])}, kernel_initializer=initializers.${pick(random, KERAS_CLASS_INITS)})`;
}

function sequentialList(random: Random, index: number): string[] {
  const lines = [`# Model ${index}: a plain stack of dense layers.`, `model_${index} = keras.Sequential(`, '    ['];
  lines.push(`        keras.Input(shape=(${pick(random, [32, 64, 784, 1024])},)),`);
  const depth = between(random, 3, 12);
  for (let i = 0; i < depth; i++) {
    if (random() < 0.15) lines.push(`        # block ${i}: ${pick(random, ['wider', 'narrower', 'same width', 'regularized'])}`);
    lines.push(`        ${kerasStackLayer(random)},`);
  }
  lines.push(`        layers.Dense(${pick(random, [1, 10, 100])}, activation="${pick(random, ['softmax', 'sigmoid', 'linear'])}"),`);
  lines.push('    ],', `    name="stack_${index}",`, ')');
  return lines;
}

function addChain(random: Random, index: number): string[] {
  const name = `net_${index}`;
  const lines = [`${name} = keras.Sequential(name="chain_${index}")`];
  lines.push(`${name}.add(layers.Dense(${pick(random, [64, 128])}, activation="relu", input_shape=(${pick(random, [20, 100, 300])},)))`);
  const depth = between(random, 2, 10);
  for (let i = 0; i < depth; i++) {
    lines.push(`${name}.add(${kerasStackLayer(random)})`);
    if (random() < 0.1) lines.push(`print("added layer", ${i}, "to", ${name}.name)`);
  }
  lines.push(`${name}.add(layers.Dense(${pick(random, [1, 2, 10])}, activation="sigmoid"))`);
  lines.push(`${name}.compile(optimizer="${pick(random, ['adam', 'sgd', 'rmsprop'])}", loss="binary_crossentropy", metrics=["accuracy"])`);
  return lines;
}

function functionalGraph(random: Random, index: number): string[] {
  const lines = [`inputs_${index} = keras.Input(shape=(${pick(random, [28, 32, 64])}, ${pick(random, [28, 32, 64])}, ${pick(random, [1, 3])}))`];
  lines.push(`x = layers.Conv2D(${pick(random, [16, 32])}, 3, padding="same", activation="relu"${kerasInitializerArgument(random)})(inputs_${index})`);
  const blocks = between(random, 1, 5);
  for (let i = 0; i < blocks; i++) {
    const filters = pick(random, [32, 64, 128]);
    lines.push(`shortcut = layers.Conv2D(${filters}, 1, padding="same")(x)`);
    lines.push(`x = layers.Conv2D(${filters}, 3, padding="same"${kerasInitializerArgument(random)})(x)`);
    lines.push('x = layers.BatchNormalization()(x)');
    lines.push(`x = layers.Activation("${pick(random, ['relu', 'relu', 'tanh'])}")(x)`);
    if (random() < 0.3) lines.push('# residual connection keeps the gradient path short');
    lines.push('x = layers.add([x, shortcut])');
    if (random() < 0.5) lines.push('x = layers.MaxPooling2D(2)(x)');
  }
  lines.push('x = layers.Flatten()(x)');
  lines.push(`x = ${kerasDense(random)}(x)`);
  lines.push(`outputs_${index} = layers.Dense(${pick(random, [10, 100])}, activation="softmax")(x)`);
  lines.push(`graph_${index} = keras.Model(inputs=inputs_${index}, outputs=outputs_${index}, name="graph_${index}")`);
  return lines;
}

function helperFunction(random: Random, index: number): string[] {
  const activation = pick(random, ['relu', 'tanh', 'gelu']);
  return [
    `def block_${index}(x, units=${pick(random, [64, 128])}):`,
    `    """Dense → BatchNorm → ${activation}, the building block of the tower models."""`,
    `    x = layers.Dense(units${kerasInitializerArgument(random)})(x)`,
    '    x = layers.BatchNormalization()(x)',
    `    return layers.Activation("${activation}")(x)`,
  ];
}

/** Code with no model in it: data handling, configuration, training loops, a class. */
function plainPython(random: Random, index: number): string[] {
  const variants: (() => string[])[] = [
    () => [
      `def load_split_${index}(path, fraction=${pick(random, ['0.1', '0.2', '0.25'])}):`,
      '    rows = []',
      '    with open(path) as handle:',
      '        for line in handle:',
      '            if line.startswith("#"):',
      '                continue',
      '            rows.append([float(value) for value in line.split(",")])',
      '    cut = int(len(rows) * (1 - fraction))',
      '    return np.array(rows[:cut]), np.array(rows[cut:])',
    ],
    () => [
      `CONFIG_${index} = {`,
      `    "learning_rate": ${pick(random, ['1e-3', '3e-4', '0.01'])},`,
      `    "batch_size": ${pick(random, [32, 64, 128])},`,
      `    "epochs": ${between(random, 5, 50)},`,
      '    "augment": True,',
      '}',
    ],
    () => [
      `class Schedule${index}:`,
      '    def __init__(self, base, warmup=1000):',
      '        self.base = base',
      '        self.warmup = warmup',
      '',
      '    def __call__(self, step):',
      '        scale = min(1.0, (step + 1) / self.warmup)',
      '        return self.base * scale',
    ],
    () => [
      `for epoch in range(${between(random, 2, 20)}):`,
      '    losses = []',
      '    for batch in range(10):',
      `        losses.append(np.sin(batch * ${index}) ** 2)`,
      '    mean = sum(losses) / len(losses)',
      '    print(f"epoch {epoch}: loss {mean:.4f}")',
    ],
    () => [`# Utilities for section ${index}.`, `def normalize_${index}(values):`, '    low, high = min(values), max(values)', '    return [(v - low) / (high - low or 1) for v in values]'],
    () => [
      `def augment_${index}(images, seed=${between(random, 0, 99)}):`,
      '    """Random flips and crops, the same for every run with the same seed."""',
      '    rng = np.random.default_rng(seed)',
      '    out = []',
      '    for image in images:',
      '        if rng.random() < 0.5:',
      '            image = image[:, ::-1]',
      `        top, left = rng.integers(0, ${pick(random, [2, 4, 8])}, size=2)`,
      '        image = np.pad(image, ((4, 4), (4, 4), (0, 0)), mode="reflect")',
      '        out.append(image[top:top + 28, left:left + 28])',
      '    return np.stack(out)',
    ],
    () => [
      `def evaluate_${index}(predictions, labels, classes=${pick(random, [2, 10, 100])}):`,
      '    confusion = np.zeros((classes, classes), dtype=int)',
      '    for predicted, actual in zip(predictions.argmax(axis=1), labels):',
      '        confusion[actual, predicted] += 1',
      '    accuracy = np.trace(confusion) / max(1, confusion.sum())',
      '    per_class = {',
      '        label: confusion[label, label] / max(1, confusion[label].sum())',
      '        for label in range(classes)',
      '    }',
      '    worst = sorted(per_class.items(), key=lambda item: item[1])[:3]',
      '    print(f"accuracy {accuracy:.3f}; weakest classes: {worst}")',
      '    return accuracy, per_class',
    ],
  ];
  return pick(random, variants)();
}

/** A Keras script of exactly `lines` lines. */
export function generateKerasSource(lines: number, seed: string): string {
  const random = seedrandom(seed);
  const header = [
    '"""Generated benchmark file: several Keras models between ordinary Python code."""',
    'import numpy as np',
    'import keras',
    'from keras import layers',
    'from keras import initializers',
    '',
  ];
  // Two sections in three hold no model: about half the lines are model code, the rest is the
  // data handling, configuration and evaluation code that surrounds models in real scripts.
  const sections = [sequentialList, addChain, functionalGraph, helperFunction, ...Array<typeof plainPython>(8).fill(plainPython)];
  return fill(lines, header, (index) => pick(random, sections)(random, index), (index) => `print("generated filler", ${index})`);
}

// --- TensorFlow.js (TypeScript) --------------------------------------------------------------

const TFJS_ACTIVATIONS = ['relu', 'relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear'];
const TFJS_STRING_INITS = ['heNormal', 'heUniform', 'glorotUniform', 'glorotNormal', 'leCunNormal', 'zeros', 'ones', 'orthogonal'];
const TFJS_CALL_INITS = ['heNormal({seed: 1})', 'glorotUniform({})', 'randomNormal({mean: 0, stddev: 0.02})', 'constant({value: 0.1})', 'varianceScaling({scale: 2, mode: \'fanIn\'})'];

function tfjsInitializerProperty(random: Random): string {
  const roll = random();
  if (roll < 0.45) return '';
  if (roll < 0.85) return `, kernelInitializer: '${pick(random, TFJS_STRING_INITS)}'`;
  return `, kernelInitializer: tf.initializers.${pick(random, TFJS_CALL_INITS)}`;
}

function tfjsStackLayer(random: Random): string {
  const roll = random();
  if (roll < 0.65) return `tf.layers.dense({units: ${pick(random, [16, 32, 64, 128, 256])}, activation: '${pick(random, TFJS_ACTIVATIONS)}'${tfjsInitializerProperty(random)}})`;
  if (roll < 0.78) return 'tf.layers.batchNormalization()';
  if (roll < 0.9) return `tf.layers.dropout({rate: ${pick(random, ['0.1', '0.25', '0.5'])}})`;
  return `tf.layers.activation({activation: '${pick(random, TFJS_ACTIVATIONS)}'})`;
}

function tfjsSequential(random: Random, index: number): string[] {
  const lines = [`// Model ${index}: a dense stack.`, `export const model${index} = tf.sequential({`, '  layers: ['];
  lines.push(`    tf.layers.dense({units: ${pick(random, [32, 64])}, activation: 'relu', inputShape: [${pick(random, [10, 784])}]}),`);
  const depth = between(random, 3, 10);
  for (let i = 0; i < depth; i++) lines.push(`    ${tfjsStackLayer(random)},`);
  lines.push(`    tf.layers.dense({units: ${pick(random, [1, 10])}, activation: 'softmax'}),`, '  ],', '});');
  return lines;
}

function tfjsAddChain(random: Random, index: number): string[] {
  const name = `chain${index}`;
  const lines = [`const ${name} = tf.sequential();`, `${name}.add(tf.layers.dense({units: 64, activation: 'relu', inputShape: [${pick(random, [8, 32])}]}));`];
  const depth = between(random, 2, 8);
  for (let i = 0; i < depth; i++) lines.push(`${name}.add(${tfjsStackLayer(random)});`);
  lines.push(`${name}.compile({optimizer: '${pick(random, ['adam', 'sgd'])}', loss: 'meanSquaredError'});`);
  return lines;
}

function tfjsFunctional(random: Random, index: number): string[] {
  const lines = [`const input${index} = tf.input({shape: [${pick(random, [16, 64, 128])}]});`, `let h${index} = tf.layers.dense({units: 64, activation: 'relu'${tfjsInitializerProperty(random)}}).apply(input${index}) as tf.SymbolicTensor;`];
  const depth = between(random, 1, 5);
  for (let i = 0; i < depth; i++) {
    lines.push(`const skip${index}_${i} = h${index};`);
    lines.push(`h${index} = ${tfjsStackLayer(random)}.apply(h${index}) as tf.SymbolicTensor;`);
    lines.push(`h${index} = tf.layers.add().apply([h${index}, skip${index}_${i}]) as tf.SymbolicTensor;`);
  }
  lines.push(`const output${index} = tf.layers.dense({units: 10, activation: 'softmax'}).apply(h${index}) as tf.SymbolicTensor;`);
  lines.push(`export const graph${index} = tf.model({inputs: input${index}, outputs: output${index}});`);
  return lines;
}

function plainTypeScript(random: Random, index: number): string[] {
  const variants: (() => string[])[] = [
    () => [
      `interface Sample${index} {`,
      '  features: number[];',
      '  label: number;',
      '}',
      '',
      `export function batches${index}(samples: Sample${index}[], size = ${pick(random, [16, 32, 64])}): Sample${index}[][] {`,
      `  const result: Sample${index}[][] = [];`,
      '  for (let i = 0; i < samples.length; i += size) result.push(samples.slice(i, i + size));',
      '  return result;',
      '}',
    ],
    () => [
      `export class Meter${index} {`,
      '  private total = 0;',
      '  private count = 0;',
      '',
      '  add(value: number): void {',
      '    this.total += value;',
      '    this.count++;',
      '  }',
      '',
      '  get mean(): number {',
      '    return this.count === 0 ? 0 : this.total / this.count;',
      '  }',
      '}',
    ],
    () => [
      `async function train${index}(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor): Promise<number> {`,
      `  const history = await model.fit(xs, ys, {epochs: ${between(random, 2, 30)}, batchSize: ${pick(random, [32, 64])}, validationSplit: 0.1});`,
      "  const losses = history.history['loss'] as number[];",
      '  return losses[losses.length - 1];',
      '}',
    ],
    () => [`const settings${index} = {learningRate: ${pick(random, ['0.001', '0.01'])}, epochs: ${between(random, 5, 50)}, shuffle: true} as const;`],
    () => [
      `export function confusion${index}(predicted: number[], actual: number[], classes = ${pick(random, [2, 10])}): number[][] {`,
      '  const matrix = Array.from({length: classes}, () => new Array<number>(classes).fill(0));',
      '  predicted.forEach((label, i) => {',
      '    matrix[actual[i]][label] += 1;',
      '  });',
      '  return matrix;',
      '}',
      '',
      `export function accuracy${index}(matrix: number[][]): number {`,
      '  const correct = matrix.reduce((sum, row, i) => sum + row[i], 0);',
      '  const total = matrix.flat().reduce((sum, value) => sum + value, 0);',
      '  return total === 0 ? 0 : correct / total;',
      '}',
    ],
  ];
  return pick(random, variants)();
}

/** A TF.js TypeScript module of exactly `lines` lines. */
export function generateTfjsSource(lines: number, seed: string): string {
  const random = seedrandom(seed);
  const header = ['// Generated benchmark file: several TensorFlow.js models between ordinary TypeScript.', "import * as tf from '@tensorflow/tfjs';", ''];
  const sections = [tfjsSequential, tfjsAddChain, tfjsFunctional, ...Array<typeof plainTypeScript>(6).fill(plainTypeScript)];
  return fill(lines, header, (index) => pick(random, sections)(random, index), (index) => `console.log('generated filler', ${index});`);
}

// The rules on Jupyter notebooks: the code cells are one program (imports in one cell, the model
// in the next, `model.add(...)` in a third), IPython syntax between them (`%pip`, `!ls`,
// `x = !ls`, `obj?`, `%%time`) never breaks the analysis, non-Python cell magics (`%%bash`,
// `%%writefile`) and markdown cells are not analyzed, and every position and fix is in its cell.
// Keras mostly; a few PyTorch cases (a model in one cell, its nn.init calls in another).

import { constantInit } from '../../../src/core/rules/constant-init';
import { defaultInitMismatch } from '../../../src/core/rules/default-init-mismatch';
import { gradientVanishing } from '../../../src/core/rules/gradient-vanishing';
import { initActivationMismatch } from '../../../src/core/rules/init-activation-mismatch';
import { initScale } from '../../../src/core/rules/init-scale';
import { zeroInit } from '../../../src/core/rules/zero-init';
import { runNotebookRuleTests, type NotebookCaseCell } from '../rule-tester';

const IMPORTS = 'import keras\nfrom keras import layers, initializers';
/** A Sequential started in its own cell, its input shape given by `model.add`. */
const MODEL = 'model = keras.Sequential()\nmodel.add(keras.Input(shape=(16,)))';
const note = (markdown: string): NotebookCaseCell => ({ markdown });
const TORCH = 'import torch\nfrom torch import nn';

/** `cells` with `from` replaced by `to` in cell `index`: the expected cells after a fix. */
function swap(cells: NotebookCaseCell[], index: number, from: string, to: string): NotebookCaseCell[] {
  const cell = cells[index];
  if (typeof cell !== 'string' || !cell.includes(from)) throw new Error(`cell ${index} does not contain ${from}`);
  return cells.map((other, i) => (i === index ? cell.replace(from, to) : other));
}

const threeCells: NotebookCaseCell[] = [
  IMPORTS,
  note('## The model'),
  MODEL,
  note('Hidden layers, then the output.'),
  "model.add(layers.Dense(8, activation='relu', kernel_initializer='zeros'))\nmodel.add(layers.Dense(1))",
];
const magicsBetween: NotebookCaseCell[] = [
  '%pip install -q keras',
  '!nvidia-smi',
  `${IMPORTS}\n%matplotlib inline`,
  "model = keras.Sequential([\n    keras.Input(shape=(16,)),\n    layers.Dense(8, activation='tanh', kernel_initializer='zeros'),\n    layers.Dense(1),\n])\nfiles = !ls\nmodel.summary?",
];
const brokenNeighbour: NotebookCaseCell[] = [
  IMPORTS,
  'def half_typed(:\n    pass',
  "m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='zeros'), layers.Dense(1)])",
];
const timedCell: NotebookCaseCell[] = [IMPORTS, "%%time\nmodel = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='zeros'), layers.Dense(1)])"];
const bareClass: NotebookCaseCell[] = [
  'import keras\nfrom keras.layers import Dense\nfrom keras.initializers import Zeros',
  note('Zeros for a hidden layer: a mistake.'),
  "m = keras.Sequential([Dense(8, activation='relu', kernel_initializer=Zeros()), Dense(1)])",
];

runNotebookRuleTests(zeroInit, {
  valid: [
    {
      name: 'a zero-initialized output layer added in its own cell is exempt',
      cells: [IMPORTS, MODEL, "model.add(layers.Dense(8, activation='relu'))", "model.add(layers.Dense(1, kernel_initializer='zeros'))"],
    },
    {
      name: 'a %%writefile cell is written, not run: the model in it is not analyzed',
      cells: [IMPORTS, "%%writefile train.py\nimport keras\nm = keras.Sequential([keras.layers.Dense(8, kernel_initializer='zeros'), keras.layers.Dense(1)])\n"],
    },
    {
      name: 'a %%bash cell is not Python, even when it feeds Python to a heredoc',
      cells: ["%%bash\npython - <<'EOF'\nimport keras\nm = keras.Sequential([keras.layers.Dense(8, kernel_initializer='zeros'), keras.layers.Dense(1)])\nEOF", IMPORTS],
    },
  ],
  invalid: [
    {
      name: 'imports, the model and model.add in three cells with markdown between: the finding and its fix are in the third',
      cells: threeCells,
      errors: [{ messageId: 'zeroKernel', cell: 4, line: 1, column: 65, severity: 'warning', data: { layer: 'dense' } }],
      output: swap(threeCells, 4, "'zeros'", "'he_normal'"),
    },
    {
      name: '%pip, !shell, %matplotlib, x = !ls and obj? around the model',
      cells: magicsBetween,
      errors: [{ messageId: 'zeroKernel', cell: 3, line: 3, column: 59 }],
      output: swap(magicsBetween, 3, "'zeros'", "'glorot_uniform'"),
    },
    {
      name: 'a syntax error in another cell does not hide the finding',
      cells: brokenNeighbour,
      errors: [{ messageId: 'zeroKernel', cell: 2, line: 1, column: 77 }],
      output: swap(brokenNeighbour, 2, "'zeros'", "'he_normal'"),
    },
    {
      name: 'a %%time cell is Python: its model is analyzed',
      cells: timedCell,
      errors: [{ messageId: 'zeroKernel', cell: 1, line: 2, column: 81 }],
      output: swap(timedCell, 1, "'zeros'", "'he_normal'"),
    },
    {
      name: 'two zero layers added in consecutive cells are an error',
      cells: [IMPORTS, MODEL, "model.add(layers.Dense(8, kernel_initializer='zeros'))", "model.add(layers.Dense(8, kernel_initializer='zeros'))", 'model.add(layers.Dense(1))'],
      errors: [
        { messageId: 'zeroKernelPair', cell: 2, line: 1, severity: 'error' },
        { messageId: 'zeroKernelPair', cell: 3, line: 1, severity: 'error' },
      ],
    },
    {
      name: 'PyTorch: nn.init.zeros_ in the __init__ of a class cell, below a shell-escape cell',
      cells: [
        TORCH,
        '!nvidia-smi',
        'class MLP(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 256)\n        self.fc2 = nn.Linear(256, 10)\n        nn.init.zeros_(self.fc1.weight)\n\n    def forward(self, x):\n        return self.fc2(torch.relu(self.fc1(x)))',
        'net = MLP()',
      ],
      errors: [{ messageId: 'zeroKernel', cell: 2, line: 6, column: 9, data: { layer: 'fc1' } }],
    },
    {
      name: 'a bare class: the fix rewrites the call in its cell and extends the import in the first',
      cells: bareClass,
      errors: [{ messageId: 'zeroKernel', cell: 2, line: 1, column: 70 }],
      output: swap(swap(bareClass, 2, 'Zeros()', 'HeNormal()'), 0, 'import Zeros', 'import Zeros, HeNormal'),
    },
  ],
});

const constantAfterCapture: NotebookCaseCell[] = [
  IMPORTS,
  '%%capture\n!pip install keras\nprint("quiet")',
  "model = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer=initializers.Constant(0.5)), layers.Dense(1)])",
];
const constantInLoop: NotebookCaseCell[] = [
  IMPORTS,
  note('Two tanh layers from a loop.'),
  "model = keras.Sequential()\nfor _ in range(2):\n    model.add(layers.Dense(8, activation='tanh', kernel_initializer='ones'))\nmodel.add(layers.Dense(1))",
];

runNotebookRuleTests(constantInit, {
  valid: [{ name: 'a constant bias is never flagged', cells: [IMPORTS, MODEL, "model.add(layers.Dense(8, bias_initializer=initializers.Constant(0.1)))\nmodel.add(layers.Dense(1))"] }],
  invalid: [
    {
      name: 'Constant(0.5) after a %%capture cell with a shell escape: the class form is kept',
      cells: constantAfterCapture,
      errors: [{ messageId: 'constantKernel', cell: 2, line: 1, column: 81, data: { value: 0.5 } }],
      output: swap(constantAfterCapture, 2, 'initializers.Constant(0.5)', 'initializers.HeNormal()'),
    },
    {
      name: "'ones' in a loop body is reported once, in the loop's cell",
      cells: constantInLoop,
      errors: [{ messageId: 'constantKernel', cell: 2, line: 3 }],
      output: swap(constantInLoop, 2, "'ones'", "'glorot_uniform'"),
    },
  ],
});

const activationLater: NotebookCaseCell[] = [
  IMPORTS,
  MODEL,
  "model.add(layers.Dense(8, kernel_initializer='glorot_normal'))",
  note('The activation comes as its own layer.'),
  "model.add(layers.Activation('relu'))\nmodel.add(layers.Dense(1))",
];
const heOnTanh: NotebookCaseCell[] = [
  '!pip install keras',
  IMPORTS,
  "epochs = 3\n!echo training\nmodel = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(8, activation='tanh', kernel_initializer='he_normal'), layers.Dense(1)])",
];

const torchSequential = 'model = nn.Sequential(\n    nn.Linear(784, 256),\n    nn.ReLU(),\n    nn.Linear(256, 10),\n)';
const torchInitLater: NotebookCaseCell[] = ['%pip install torch', TORCH, torchSequential, note('Initialization'), 'nn.init.xavier_uniform_(model[0].weight)'];

runNotebookRuleTests(initActivationMismatch, {
  valid: [
    { name: 'He normal with ReLU, the model split over cells', cells: [IMPORTS, MODEL, "model.add(layers.Dense(8, activation='relu', kernel_initializer='he_normal'))"] },
    { name: "PyTorch: kaiming_normal_(nonlinearity='relu') in the cell after the nn.Sequential", cells: [TORCH, torchSequential, "nn.init.kaiming_normal_(model[0].weight, nonlinearity='relu')"] },
  ],
  invalid: [
    {
      name: 'PyTorch: xavier_uniform_ in a later cell than the nn.Sequential and its ReLU: swapped in that cell',
      cells: torchInitLater,
      errors: [{ messageId: 'mismatch', cell: 4, line: 1, column: 1 }],
      output: swap(torchInitLater, 4, 'nn.init.xavier_uniform_(model[0].weight)', "nn.init.kaiming_uniform_(model[0].weight, nonlinearity='relu')"),
    },
    {
      name: 'PyTorch: an init function applied from its own cell puts He on tanh layers',
      cells: [
        TORCH,
        'model = nn.Sequential(nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))',
        'def init_weights(m):\n    if isinstance(m, nn.Linear):\n        nn.init.kaiming_normal_(m.weight)\n\nmodel.apply(init_weights)',
      ],
      errors: [{ messageId: 'mismatch', cell: 2, line: 3, column: 9 }],
    },
    {
      name: 'Glorot in one cell, the ReLU it feeds in a later one: the fix is in the Dense cell',
      cells: activationLater,
      errors: [{ messageId: 'mismatch', cell: 2, line: 1, column: 46 }],
      output: swap(activationLater, 2, "'glorot_normal'", "'he_normal'"),
    },
    {
      name: 'He on tanh below a shell escape in the same cell',
      cells: heOnTanh,
      errors: [{ messageId: 'mismatch', cell: 2, line: 3 }],
      output: swap(heOnTanh, 2, "'he_normal'", "'glorot_normal'"),
    },
  ],
});

const reluDefaults: NotebookCaseCell[] = ['%pip install keras', IMPORTS, "model = keras.Sequential([layers.Dense(8, activation='relu')])"];
const timedConv: NotebookCaseCell[] = [IMPORTS, '%%time\nmodel = keras.Sequential([\n    layers.Conv2D(\n        8,\n        3,\n        activation="relu",\n    ),\n])'];

runNotebookRuleTests(defaultInitMismatch, {
  valid: [{ name: 'tanh on the Glorot default', cells: [IMPORTS, note('tanh fits Glorot.'), "model = keras.Sequential([layers.Dense(8, activation='tanh')])"] }],
  invalid: [
    {
      name: 'a ReLU Dense on defaults after %pip: the argument is added in its cell',
      cells: reluDefaults,
      errors: [{ messageId: 'mismatch', cell: 2, line: 1, column: 27, severity: 'information' }],
      output: swap(reluDefaults, 2, "activation='relu')", "activation='relu', kernel_initializer='he_uniform')"),
    },
    {
      name: 'a multi-line call in a %%time cell keeps its layout',
      cells: timedConv,
      errors: [{ messageId: 'mismatch', cell: 1, line: 3 }],
      output: swap(timedConv, 1, '        activation="relu",\n', '        activation="relu",\n        kernel_initializer="he_uniform",\n'),
    },
  ],
});

const scaledFunctional: NotebookCaseCell[] = [
  IMPORTS,
  'inputs = keras.Input(shape=(512,))',
  "x = layers.Dense(256, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=1.0))(inputs)\nout = layers.Dense(1)(x)\nmodel = keras.Model(inputs, out)",
];

runNotebookRuleTests(initScale, {
  valid: [
    {
      name: 'RandomNormal with the He stddev for the fan-in an earlier cell gives (√(2/512))',
      cells: [IMPORTS, 'inputs = keras.Input(shape=(512,))', "x = layers.Dense(256, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=0.0625))(inputs)\nout = layers.Dense(1)(x)\nmodel = keras.Model(inputs, out)"],
    },
  ],
  invalid: [
    {
      name: 'unit-variance weights on a fan-in of 512 set in the previous cell',
      cells: scaledFunctional,
      errors: [{ messageId: 'scale', cell: 2, line: 1, column: 61, data: { fanIn: 512 } }],
      output: swap(scaledFunctional, 2, 'initializers.RandomNormal(stddev=1.0)', 'initializers.HeNormal()'),
    },
  ],
});

/** A 256-wide input and `depth` hidden layers added by a loop in their own cell, then the output. */
const loopStack = (layer: string, depth = 8): NotebookCaseCell[] => [
  IMPORTS,
  'model = keras.Sequential()\nmodel.add(keras.Input(shape=(256,)))',
  `for _ in range(${depth}):\n    model.add(${layer})`,
  note('Output layer'),
  'model.add(layers.Dense(10))',
];
const smallNormals = (initializer: string): NotebookCaseCell[] => [
  IMPORTS,
  `%%time\nmodel = keras.Sequential([\n    keras.Input(shape=(256,)),\n${`    layers.Dense(256, activation="sigmoid", kernel_initializer=${initializer}),\n`.repeat(6)}    layers.Dense(10),\n])`,
];

runNotebookRuleTests(gradientVanishing, {
  valid: [{ name: 'ReLU with He normal keeps gradients level through a loop cell', cells: loopStack("layers.Dense(256, activation='relu', kernel_initializer='he_normal')") }],
  invalid: [
    {
      name: 'a deep sigmoid stack added in a loop cell: reported on the model, in the cell that defines it',
      cells: loopStack("layers.Dense(256, activation='sigmoid')"),
      errors: [{ messageId: 'vanishing', cell: 1, line: 1, column: 9, data: { model: 'model' } }],
    },
    {
      name: 'small random normals in a %%time cell: the fix applies Glorot normal there',
      cells: smallNormals('initializers.RandomNormal(stddev=0.01)'),
      errors: [{ messageId: 'vanishing', cell: 1, line: 2, column: 9 }],
      output: smallNormals('initializers.GlorotNormal()'),
    },
  ],
});

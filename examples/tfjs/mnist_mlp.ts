// A TensorFlow.js digit classifier. initlint flags the ReLU layers left on TF.js's default
// glorotNormal kernels and the zero-initialized hidden layer, and offers `heNormal` fixes.
import * as tf from '@tensorflow/tfjs';

export function buildModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [28, 28] }));
  model.add(tf.layers.dense({ units: 256, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'zeros' }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

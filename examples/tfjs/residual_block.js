// A functional TensorFlow.js model with a residual connection, in plain JavaScript.
// The stem's Glorot initializer does not fit its ReLU: initlint suggests heUniform.
const tf = require('@tensorflow/tfjs');

function buildModel() {
  const input = tf.input({shape: [64]});
  const stem = tf.layers.dense({units: 64, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({seed: 1})}).apply(input);
  const branch = tf.layers.dense({units: 64, kernelInitializer: 'heNormal'}).apply(stem);
  const normalized = tf.layers.batchNormalization().apply(branch);
  const activated = tf.layers.reLU().apply(normalized);
  const sum = tf.layers.add().apply([activated, stem]);
  const output = tf.layers.dense({units: 1, activation: 'sigmoid'}).apply(sum);
  return tf.model({inputs: input, outputs: output});
}

module.exports = {buildModel};

"""A TF1 classifier written with tf.layers: the initializers TF1 code still ships with."""
import tensorflow as tf

images = tf.placeholder(tf.float32, [None, 784], name='images')
labels = tf.placeholder(tf.int64, [None], name='labels')

# A zero kernel makes every unit of the layer identical; glorot with ReLU halves the signal per layer.
hidden = tf.layers.dense(images, 512, activation=tf.nn.relu, kernel_initializer=tf.zeros_initializer())
hidden = tf.layers.dense(hidden, 256, activation=tf.nn.relu, kernel_initializer=tf.glorot_uniform_initializer())
hidden = tf.layers.dense(hidden, 128, activation=tf.nn.relu,
                         kernel_initializer=tf.variance_scaling_initializer(scale=2.0, mode='fan_in'))
logits = tf.layers.dense(hidden, 10)

loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

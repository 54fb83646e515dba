"""A classifier whose hidden layer starts with an all-zero kernel.

Every unit of the zero-initialized layer computes the same output and receives
the same gradient, so the units never become different from each other.
"""
import tensorflow as tf

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Dense(128, activation="tanh", input_shape=(32,)))
model.add(tf.keras.layers.Dense(64, activation="tanh", kernel_initializer="zeros"))
model.add(tf.keras.layers.Dense(1, activation="sigmoid", kernel_initializer="zeros"))

model.compile(optimizer="sgd", loss="binary_crossentropy")

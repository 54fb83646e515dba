"""A model whose initializers fit its activations: nothing to report."""
import keras
from keras import initializers, layers

model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        layers.Dense(256, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(256, activation="relu", kernel_initializer=initializers.HeUniform(seed=0)),
        layers.Dense(128, activation="tanh", kernel_initializer="glorot_uniform"),
        layers.Dense(64, activation="selu", kernel_initializer="lecun_normal"),
        layers.Dense(10, activation="softmax"),
    ]
)

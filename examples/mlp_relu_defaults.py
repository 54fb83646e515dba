"""A ReLU MLP for MNIST left on Keras's default initializers.

Keras initializes every Dense kernel with Glorot uniform unless told otherwise.
Glorot keeps the variance for linear/tanh units; ReLU zeroes half of its input,
so the signal halves at every layer of this stack.
"""
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(512, activation="relu"),
        layers.Dense(512, activation="relu"),
        layers.Dense(256, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ],
    name="mnist_mlp",
)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

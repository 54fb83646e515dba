"""A small image model whose first convolution starts from a constant kernel."""
import keras
from tensorflow.keras import layers as L

inputs = keras.Input(shape=(28, 28, 1))
x = L.Conv2D(
    32,
    3,
    activation="relu",
    kernel_initializer=keras.initializers.Constant(0.5),
)(inputs)
x = L.Conv2D(64, 3, activation="relu", kernel_initializer="he_normal")(x)
x = L.Flatten()(x)
x = L.Dense(128, kernel_initializer=keras.initializers.GlorotNormal(seed=7))(x)
x = L.Activation("relu")(x)
outputs = L.Dense(10, activation="softmax")(x)

model = keras.Model(inputs=inputs, outputs=outputs, name="conv_classifier")

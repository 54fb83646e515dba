"""A deep ReLU MLP for MNIST left on PyTorch's default initialization.

nn.Linear initializes its weight with kaiming_uniform_(a=sqrt(5)): uniform on
±1/sqrt(fan_in), a variance of 1/(3·fan_in). That is a third of what keeps the
signal of a linear layer, and ReLU halves it again, so the second moment of the
activations shrinks about sixfold at every layer of this stack.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self, in_features=784, hidden=512, depth=6, classes=10):
        super().__init__()
        self.input = nn.Linear(in_features, hidden)
        self.hidden = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(depth)])
        self.output = nn.Linear(hidden, classes)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = F.relu(self.input(x))
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.output(x)


model = MLP()

"""A CNN whose weights are set by a function passed to self.apply.

Xavier (Glorot) initialization keeps the variance of linear and tanh units. Every
convolution and hidden Linear here feeds a ReLU, which zeroes half of its input
and needs twice that variance: kaiming_normal_(w, nonlinearity='relu'), or
xavier_uniform_(w, gain=nn.init.calculate_gain('relu')).
"""
import torch.nn as nn


class SmallCNN(nn.Module):
    def __init__(self, channels=3, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(channels, 32, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(32, 32, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(64 * 8 * 8, 256),
            nn.ReLU(inplace=True),
            nn.Dropout(0.5),
            nn.Linear(256, classes),
        )
        self.apply(self._init_weights)

    def _init_weights(self, m):
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.classifier(self.features(x))

# A plain ResNet with one residual BasicBlock: the baseline every tracer must handle. Nothing in it
# decides anything on a traced value, so fxlint must stay silent.
import torch
import torch.nn as nn


class BasicBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, channels=16):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        # In-place add on a Proxy is recorded as an operator call like any other.
        out += identity
        return self.relu(out)


class PlainResNet(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        self.layer1 = BasicBlock(16)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer1(x)
        x = torch.flatten(self.avgpool(x), 1)
        return self.fc(x)


def fxlint_examples():
    return {
        "BasicBlock": {"make": lambda: BasicBlock(), "inputs": (torch.randn(2, 16, 8, 8),)},
        "PlainResNet": {"make": lambda: PlainResNet(), "inputs": (torch.randn(2, 3, 32, 32),),
                        "alt_inputs": (torch.randn(1, 3, 48, 40),)},
    }

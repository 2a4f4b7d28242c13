"""PyTorch twins of etiqueta's model families (io.etiqueta.train.ModelFactory), for peers under bench/.

Same layers, widths, padding, activations, dropout placement and Glorot-uniform initialisation; inputs are
channel-first images scaled to [0, 1] as etiqueta's Preprocessor does (mean 0, std 1).
"""
import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "elu": nn.ELU, "leakyrelu": lambda: nn.LeakyReLU(0.01)}


def _glorot(module):
    if isinstance(module, (nn.Linear, nn.Conv2d)):
        nn.init.xavier_uniform_(module.weight)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def mlp(channels, height, width, classes, layers, activation, dropout):
    act = ACTIVATIONS[activation]
    mods, inputs = [nn.Flatten()], channels * height * width
    for w in layers:
        mods += [nn.Linear(inputs, w), act()]
        if dropout > 0:
            mods.append(nn.Dropout(dropout))
        inputs = w
    mods.append(nn.Linear(inputs, classes))
    return mods


def cnn(channels, height, width, classes, layers, activation, dropout):
    """The Keras CNN tutorial network: conv32-pool-conv64-pool-conv64 (3x3, no padding), a dense head."""
    act = ACTIVATIONS[activation]
    mods = [nn.Conv2d(channels, 32, 3), act(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), act(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), act(), nn.Flatten()]
    h, w = height, width
    h, w = (h - 2) // 2, (w - 2) // 2
    h, w = (h - 2) // 2, (w - 2) // 2
    h, w = h - 2, w - 2
    inputs = 64 * h * w
    for width_ in (layers or [64]):
        mods += [nn.Linear(inputs, width_), act()]
        if dropout > 0:
            mods.append(nn.Dropout(dropout))
        inputs = width_
    mods.append(nn.Linear(inputs, classes))
    return mods


def cnn_bn(channels, height, width, classes, layers, activation, dropout):
    """VGG-style blocks of two 3x3 'same' convolutions with batch norm, pooling and dropout; a dense head with batch norm."""
    act = ACTIVATIONS[activation]
    filters = [32, 64, 128] if height >= 32 and width >= 32 else [32, 64]
    mods, inputs, h, w = [], channels, height, width
    for f in filters:
        mods += [nn.Conv2d(inputs, f, 3, padding=1, bias=False), nn.BatchNorm2d(f), act(),
                 nn.Conv2d(f, f, 3, padding=1, bias=False), nn.BatchNorm2d(f), act(), nn.MaxPool2d(2)]
        if dropout > 0:
            mods.append(nn.Dropout(dropout))
        inputs, h, w = f, h // 2, w // 2
    mods.append(nn.Flatten())
    inputs = inputs * h * w
    for width_ in (layers or [128]):
        mods += [nn.Linear(inputs, width_, bias=False), nn.BatchNorm1d(width_), act()]
        if dropout > 0:
            mods.append(nn.Dropout(dropout))
        inputs = width_
    mods.append(nn.Linear(inputs, classes))
    return mods


FAMILIES = {"mlp": mlp, "cnn": cnn, "cnn-bn": cnn_bn}


def build(model, channels, height, width, classes, layers, activation, dropout, seed):
    torch.manual_seed(seed)
    net = nn.Sequential(*FAMILIES[model](channels, height, width, classes, list(layers), activation, dropout))
    net.apply(_glorot)
    return net


def optimizer(name, params, lr):
    """The updaters etiqueta maps its optimizers to (RMSProp with Keras' rho 0.9 and epsilon 1e-7)."""
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)
    if name == "nadam":
        return torch.optim.NAdam(params, lr=lr)
    raise ValueError("unknown optimizer " + name)

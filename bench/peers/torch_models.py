"""PyTorch twins of etiqueta's networks (search/.../train/ModelFactory.java) and a training loop that pays
what an etiqueta trial pays, so benchmarks compare like with like.

Same layers, shapes and parameter counts as ModelFactory builds them; Glorot-uniform weights and zero biases
(DL4J's XAVIER_UNIFORM); DL4J's batch-norm defaults (decay 0.9 = PyTorch momentum 0.1, eps 1e-5); the
optimisers as etiqueta maps them (RMSProp with Keras' rho 0.9 and eps 1e-7). Input is channel-first
[n, channels, height, width], as etiqueta feeds its networks.

Run with Debian's python3-torch: /usr/bin/python3 (the pyenv python3 does not see it).

    from torch_models import build, train
    net = build("cnn", channels=3, height=32, width=32, classes=10, seed=1)
    result = train(net, x_train, y_train, x_val, y_val, epochs=2, batch=64, optimizer="adam", lr=1e-3, seed=1)
"""
import time

import torch
from torch import nn

# Trainer.TRAIN_SAMPLE: the per-epoch training metrics are measured on a fixed sample of this many images
TRAIN_SAMPLE = 5000


def _glorot(module):
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        nn.init.xavier_uniform_(module.weight)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def _bn2d(n):
    return nn.BatchNorm2d(n, eps=1e-5, momentum=0.1)


def mlp(channels, height, width, classes, layers=(512, 256, 256), dropout=0.0):
    """Dense layers with ReLU (and dropout after each when asked), softmax output (logits here)."""
    mods = [nn.Flatten()]
    n = channels * height * width
    for w in layers:
        mods += [nn.Linear(n, w), nn.ReLU()]
        if dropout > 0:
            mods.append(nn.Dropout(dropout))
        n = w
    mods.append(nn.Linear(n, classes))
    return nn.Sequential(*mods)


def cnn(channels, height, width, classes, head=(64,), dropout=0.0):
    """The Keras CNN tutorial: conv32-pool-conv64-pool-conv64 (3x3, no padding), dense 64, output.
    122,570 parameters on 32x32x3 with 10 classes."""
    mods = [nn.Conv2d(channels, 32, 3), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten()]
    h, w = height, width
    h, w = (h - 2) // 2, (w - 2) // 2
    h, w = (h - 2) // 2, (w - 2) // 2
    h, w = h - 2, w - 2
    n = 64 * h * w
    for width_ in head:
        mods += [nn.Linear(n, width_), nn.ReLU()]
        if dropout > 0:
            mods.append(nn.Dropout(dropout))
        n = width_
    mods.append(nn.Linear(n, classes))
    return nn.Sequential(*mods)


def cnn_bn(channels, height, width, classes, head=(128,), dropout=0.0):
    """VGG-style blocks of two 3x3 'same' convolutions (no bias) each followed by batch norm + ReLU, then max
    pooling (and dropout); filters 32, 64, 128 on inputs of at least 32x32, else 32, 64; a dense head with
    batch norm."""
    filters = (32, 64, 128) if height >= 32 and width >= 32 else (32, 64)
    mods, c, h, w = [], channels, height, width
    for f in filters:
        mods += [nn.Conv2d(c, f, 3, padding=1, bias=False), _bn2d(f), nn.ReLU(),
                 nn.Conv2d(f, f, 3, padding=1, bias=False), _bn2d(f), nn.ReLU(),
                 nn.MaxPool2d(2, 2)]
        if dropout > 0:
            mods.append(nn.Dropout(dropout))
        c, h, w = f, h // 2, w // 2
    mods.append(nn.Flatten())
    n = c * h * w
    for width_ in head:
        mods += [nn.Linear(n, width_), nn.BatchNorm1d(width_, eps=1e-5, momentum=0.1), nn.ReLU()]
        if dropout > 0:
            mods.append(nn.Dropout(dropout))
        n = width_
    mods.append(nn.Linear(n, classes))
    return nn.Sequential(*mods)


FAMILIES = {"mlp": mlp, "cnn": cnn, "cnn-bn": cnn_bn}


def build(family, channels, height, width, classes, seed=1, **options):
    """An initialised network of an etiqueta family ('mlp', 'cnn', 'cnn-bn'); options: layers/head, dropout."""
    torch.manual_seed(seed)
    net = FAMILIES[family](channels, height, width, classes, **options)
    net.apply(_glorot)
    return net


def optimizer(name, params, lr, momentum=0.0):
    """etiqueta's optimiser mapping (ModelFactory.updater)."""
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, nesterov=momentum > 0)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)
    if name == "nadam":
        return torch.optim.NAdam(params, lr=lr)
    raise ValueError(f"unknown optimizer {name}")


@torch.no_grad()
def score(net, x, y, batch):
    """Inference-mode loss and accuracy, in batches of max(batch, 256) as etiqueta's Scoring does."""
    net.eval()
    loss, correct, size = 0.0, 0, max(batch, 256)
    for i in range(0, len(x), size):
        out = net(x[i:i + size])
        loss += nn.functional.cross_entropy(out, y[i:i + size], reduction="sum").item()
        correct += (out.argmax(1) == y[i:i + size]).sum().item()
    net.train()
    return loss / len(x), correct / len(x)


def train(net, x_train, y_train, x_val, y_val, epochs, batch=64, optimizer_name="adam", lr=1e-3, seed=1,
          log=None):
    """Trains as an etiqueta trial does: seeded shuffled mini-batches, then per epoch the loss and accuracy on a
    fixed sample of up to TRAIN_SAMPLE training images and on the validation set. Returns the per-epoch
    metrics and images/s over the whole training time, the per-epoch measurements included."""
    g = torch.Generator().manual_seed(seed)
    opt = optimizer(optimizer_name, net.parameters(), lr)
    loss_fn = nn.CrossEntropyLoss()
    sample = torch.randperm(len(x_train), generator=g)[:TRAIN_SAMPLE].sort().values
    xs, ys = x_train[sample], y_train[sample]
    history, images = [], 0
    net.train()
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        order = torch.randperm(len(x_train), generator=g)
        for i in range(0, len(x_train), batch):
            idx = order[i:i + batch]
            xb, yb = x_train[idx], y_train[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(xb), yb)
            loss.backward()
            opt.step()
            images += len(idx)
        tl, ta = score(net, xs, ys, batch)
        vl, va = score(net, x_val, y_val, batch)
        history.append({"epoch": epoch, "loss": tl, "accuracy": ta, "val_loss": vl, "val_accuracy": va})
        if log:
            log(f"epoch {epoch}/{epochs}  loss {tl:.4f}  accuracy {ta:.4f}  val_loss {vl:.4f}  val_accuracy {va:.4f}")
    seconds = time.perf_counter() - started
    return {"epochs": history, "images": images, "seconds": seconds, "images_per_second": images / seconds}


def parameters(net):
    return sum(p.numel() for p in net.parameters())

"""PyTorch side of bench/throughput.sh: trains one etiqueta family on a dataset folder as an etiqueta trial
would (same split shares, batch, optimiser, threads, per-epoch measurements) and prints one JSON line.

    /usr/bin/python3 bench/peers/throughput.py DATASET FAMILY EPOCHS BATCH OPTIMIZER THREADS

DATASET is a folder of class folders of JPEGs, or a folder of IDX files (train-images-idx3-ubyte.gz ...).
"""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_models import build, parameters, train  # noqa: E402


def load_folder(path):
    from PIL import Image
    classes = sorted(d for d in os.listdir(path) if os.path.isdir(os.path.join(path, d)))
    xs, ys = [], []
    for label, c in enumerate(classes):
        for f in sorted(os.listdir(os.path.join(path, c))):
            with Image.open(os.path.join(path, c, f)) as im:
                xs.append(np.asarray(im.convert("RGB"), dtype=np.uint8))
            ys.append(label)
    x = np.stack(xs).transpose(0, 3, 1, 2)  # NHWC -> NCHW, as etiqueta feeds its networks
    return x, np.array(ys), len(classes)


def load_idx(path):
    def read(name):
        full = os.path.join(path, name)
        opener = gzip.open if full.endswith(".gz") else open
        with opener(full, "rb") as f:
            data = f.read()
        magic = struct.unpack(">I", data[:4])[0]
        dims = [struct.unpack(">I", data[4 + 4 * i:8 + 4 * i])[0] for i in range(magic & 0xFF)]
        return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)
    x = read("train-images-idx3-ubyte.gz")[:, None, :, :]
    y = read("train-labels-idx1-ubyte.gz").astype(np.int64)
    return x, y, 10


def main():
    dataset, family, epochs, batch, opt, threads = sys.argv[1:7]
    epochs, batch, threads = int(epochs), int(batch), int(threads)
    torch.set_num_threads(threads)
    idx = any(f.startswith("train-images") for f in os.listdir(dataset))
    x, y, classes = load_idx(dataset) if idx else load_folder(dataset)
    # etiqueta's split: 10% validation, and 10% test when the dataset has none of its own (IDX brings t10k)
    order = np.random.default_rng(1).permutation(len(x))
    n_val = int(round(len(x) * 0.1))
    n_test = 0 if idx else int(round(len(x) * 0.1))
    val, tr = order[:n_val], order[n_val + n_test:]
    to_t = lambda a: torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32) / 255.0)
    xt, yt, xv, yv = to_t(x[tr]), torch.from_numpy(y[tr]), to_t(x[val]), torch.from_numpy(y[val])
    net = build(family, x.shape[1], x.shape[2], x.shape[3], classes, seed=1)
    result = train(net, xt, yt, xv, yv, epochs=epochs, batch=batch, optimizer_name=opt, lr=1e-3, seed=1,
                   log=lambda s: print(s, file=sys.stderr))
    print(json.dumps({"family": family, "parameters": parameters(net), "train": len(tr), "threads": threads,
                      "images_per_second": result["images_per_second"], "seconds": result["seconds"],
                      "val_accuracy": result["epochs"][-1]["val_accuracy"], "torch": torch.__version__}))


if __name__ == "__main__":
    main()

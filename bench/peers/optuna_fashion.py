#!/usr/bin/env python3
"""The peer of bench/vs-optuna.sh: Optuna's TPE sampler with its MedianPruner, training PyTorch twins of etiqueta's
networks (torch_models.py, with the searched activation in place of ReLU) on Fashion-MNIST over the space of a given etiqueta search file, for a wall-clock budget.

Like etiqueta: 10% of the training images (stratified, seeded) are held out for validation, every trial keeps the
weights of its lowest val_loss epoch and is scored on the official 10,000-image test set when it completes, and the
chosen trial is the complete one with the best validation accuracy. Like Optuna's own timeout, no trial starts after
the budget; as in etiqueta, a running one ends at its next epoch end, keeping its best epoch. Prints one JSON line.

  /usr/bin/python3 bench/peers/optuna_fashion.py --space FILE.yaml --minutes 10 --seed 1 --threads 2 [--data DIR]
"""
import argparse, gzip, json, math, os, random, time

import numpy as np
import optuna
import torch
import yaml
from torch import nn

import torch_models

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "elu": nn.ELU, "leakyrelu": nn.LeakyReLU}


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder):
    def part(name):
        x = idx(os.path.join(folder, f"{name}-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
        y = idx(os.path.join(folder, f"{name}-labels-idx1-ubyte.gz")).astype(np.int64)
        return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)
    return part("train"), part("t10k")


def stratified_validation(labels, fraction, seed):
    rng = random.Random(seed)
    train, val = [], []
    labels = labels.numpy()
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c).tolist()
        rng.shuffle(members)
        n = round(len(members) * fraction)
        val += members[:n]
        train += members[n:]
    return torch.tensor(sorted(train)), torch.tensor(sorted(val))


def space_of(spec):
    """The search file's space as Optuna distributions: listed values categorical, ranges as ranges."""
    out = {}
    for key, value in spec["space"].items():
        if isinstance(value, dict):
            (kind, (low, high)), = value.items()
            out[key] = (kind, float(low), float(high))
        elif isinstance(value, list):
            out[key] = ("choice", value)
        else:
            out[key] = ("fixed", value)
    return out


def suggest(trial, space):
    params = {}
    for key, d in space.items():
        if d[0] == "fixed":
            params[key] = d[1]
        elif d[0] == "choice":
            choices = [json.dumps(v) for v in d[1]]  # lists (layers) as strings for Optuna
            params[key] = json.loads(trial.suggest_categorical(key, choices))
        elif d[0] == "log_uniform":
            params[key] = trial.suggest_float(key, d[1], d[2], log=True)
        elif d[0] == "uniform":
            params[key] = trial.suggest_float(key, d[1], d[2])
        elif d[0] == "int":
            params[key] = trial.suggest_int(key, int(d[1]), int(d[2]))
    return params


def network(p, seed):
    """torch_models' twin of the family, with the searched activation wherever it puts ReLU (as ModelFactory does)."""
    model, layers, dropout = p.get("model", "mlp"), p.get("layers"), float(p.get("dropout", 0.0))
    options = {"dropout": dropout}
    if layers:
        options["layers" if model == "mlp" else "head"] = tuple(layers)
    net = torch_models.build(model, 1, 28, 28, 10, seed=seed, **options)
    act = ACTIVATIONS[p.get("activation", "relu")]
    for i, m in enumerate(net):
        if isinstance(m, nn.ReLU):
            net[i] = act()
    return net


def evaluate(net, x, y, batch=1000):
    net.eval()
    correct, loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out = net(x[i:i + batch])
            loss += nn.functional.cross_entropy(out, y[i:i + batch], reduction="sum").item()
            correct += (out.argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x), loss / len(x)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--space", required=True)
    a.add_argument("--minutes", type=float, required=True)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = a.parse_args()
    torch.set_num_threads(args.threads)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    with open(args.space) as f:
        spec = yaml.safe_load(f)
    space = space_of(spec)
    (x, y), (test_x, test_y) = load(args.data)
    train_idx, val_idx = stratified_validation(y, 0.1, args.seed)
    train_x, train_y, val_x, val_y = x[train_idx], y[train_idx], x[val_idx], y[val_idx]
    started = time.monotonic()
    deadline = started + args.minutes * 60

    def objective(trial):
        p = suggest(trial, space)
        torch.manual_seed(args.seed)
        net = network(p, args.seed)
        opt = torch_models.optimizer(p.get("optimizer", "adam"), net.parameters(), float(p.get("learning_rate", 0.001)))
        batch, epochs = int(p.get("batch_size", 64)), int(p.get("epochs", 10))
        # lr_schedule as etiqueta's LearningRateSchedule: decayed to zero over the planned batches (Optuna has no
        # budget planner, so the plan is always the configured epochs)
        planned = epochs * math.ceil(len(train_x) / batch)
        factor = {"constant": lambda q: 1.0, "linear": lambda q: 1.0 - q,
                  "cosine": lambda q: 0.5 * (1 + math.cos(math.pi * q))}[str(p.get("lr_schedule", "constant")).lower()]
        schedule = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: factor(min(1.0, step / planned)))
        order = torch.Generator().manual_seed(args.seed)
        best_loss, best_acc, best_state = math.inf, None, None
        for epoch in range(1, epochs + 1):
            net.train()
            perm = torch.randperm(len(train_x), generator=order)
            for i in range(0, len(perm), batch):
                b = perm[i:i + batch]
                opt.zero_grad()
                loss = nn.functional.cross_entropy(net(train_x[b]), train_y[b])
                if not torch.isfinite(loss):
                    raise optuna.TrialPruned(f"diverged at epoch {epoch}")
                loss.backward()
                opt.step()
                schedule.step()
            val_acc, val_loss = evaluate(net, val_x, val_y)
            if val_loss < best_loss:
                best_loss, best_acc = val_loss, val_acc
                best_state = {k: v.clone() for k, v in net.state_dict().items()}
            trial.report(val_acc, epoch)
            trial.set_user_attr("epochs", epoch)
            if trial.should_prune():
                raise optuna.TrialPruned()
            if time.monotonic() >= deadline:
                break  # the rule etiqueta follows: at the deadline a trial ends at its next measurement, keeping its best epoch
        net.load_state_dict(best_state)
        trial.set_user_attr("test_accuracy", evaluate(net, test_x, test_y)[0])
        return best_acc  # the kept epoch's val_accuracy, as etiqueta's objective

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=args.seed),
                                pruner=optuna.pruners.MedianPruner())
    study.optimize(objective, timeout=max(1.0, deadline - time.monotonic()), catch=(RuntimeError,))
    trials = [t for t in study.trials if t.state in (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED,
                                                     optuna.trial.TrialState.FAIL)]
    complete = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE]
    best = max(complete, key=lambda t: (t.value, -t.number)) if complete else None
    print(json.dumps({
        "side": "optuna-tpe-median", "seed": args.seed, "minutes": args.minutes,
        "wall_seconds": round(time.monotonic() - started, 1),
        "trials": len(trials), "complete": len(complete),
        "pruned": sum(t.state == optuna.trial.TrialState.PRUNED for t in trials),
        "epochs_trained": sum(t.user_attrs.get("epochs", 0) for t in trials),
        "chosen": None if best is None else {"number": best.number, "val_accuracy": best.value,
                                             "test_accuracy": best.user_attrs["test_accuracy"], "params": best.params},
    }))


if __name__ == "__main__":
    main()

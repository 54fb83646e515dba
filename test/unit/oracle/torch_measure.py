"""PyTorch as the oracle: builds each fixture model with torch's own code and prints what its
initialization produced, as one JSON object on stdout.

Usage: /usr/bin/python3 torch_measure.py [--seed N] [--gradient-seeds 0,1,2] [--batch 128]
           [--gradient FIXTURE]... FIXTURE...

A fixture is a Python file that binds its model to the module-level name `model` (classes:
`model = Net()`). For every fixture, under torch.manual_seed(seed):
- every weight of every module that owns one with two or more dimensions (Linear, ConvNd,
  ConvTransposeNd, Embedding, RNN/LSTM/GRU: `weight`, `weight_ih_l0`, `weight_hh_l0_reverse`, …),
  with its module path (`fc1`, `0`, `features.0`), shape, torch's own fans
  (nn.init._calculate_fan_in_and_fan_out), mean, variance, second moment and fourth central
  moment. The variance is the population variance (ddof = 0) about the sample mean, in float64.
- for fixtures also named by --gradient (chains of Linear layers), per Linear layer in forward
  order: RMS of ∂L/∂W with L = Σ(y ⊙ g)/B, x ~ N(0, 1) of shape (B, in_features of the first
  Linear), g ~ N(0, 1) of y's shape; and the activation RMS of each layer's output after its
  activation (the input of the next Linear, the model output for the last). Means over the
  gradient seeds, each seed building the model afresh.
"""

import argparse
import json
import runpy
import sys

import torch
import torch.nn as nn


def load_model(path):
    bound = runpy.run_path(path, run_name="__oracle__")
    model = bound.get("model")
    if not isinstance(model, nn.Module):
        raise ValueError(f"{path}: no module-level `model` bound to an nn.Module")
    return model


def weight_rows(model):
    rows = []
    for module_path, module in model.named_modules():
        for name, param in module.named_parameters(recurse=False):
            if not name.startswith("weight") or param.dim() < 2:
                continue
            values = param.detach().double().flatten()
            fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(param)
            mean = values.mean().item()
            rows.append({
                "module": module_path,
                "moduleType": type(module).__name__,
                "param": name,
                "shape": list(param.shape),
                "count": values.numel(),
                "torchFanIn": fan_in,
                "torchFanOut": fan_out,
                "mean": mean,
                "variance": values.var(unbiased=False).item(),
                "secondMoment": values.pow(2).mean().item(),
                "fourthMoment": (values - mean).pow(4).mean().item(),
            })
    return rows


def rms(tensor):
    return tensor.detach().double().pow(2).mean().sqrt().item()


def gradient_profile(path, seeds, batch):
    per_seed = []
    names = None
    for seed in seeds:
        torch.manual_seed(seed)
        model = load_model(path)
        linears = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear)]
        # Forward order is the order the Linear layers are called in, recorded by hooks.
        called, inputs = [], {}
        names_by_id = {id(m): n for n, m in linears}

        def record(module, args):
            name = names_by_id[id(module)]
            called.append(name)
            inputs[name] = args[0]

        handles = [m.register_forward_pre_hook(record) for _, m in linears]
        generator = torch.Generator().manual_seed(1_000_003 + seed)
        x = torch.randn(batch, linears[0][1].in_features, generator=generator)
        y = model(x)
        for handle in handles:
            handle.remove()
        if sorted(called) != sorted(n for n, _ in linears):
            raise ValueError(f"{path}: each Linear must be called exactly once in forward (called: {called})")
        g = torch.randn(y.shape, generator=generator)
        loss = (y * g).sum() / batch
        modules = dict(linears)
        weights = [modules[name].weight for name in called]
        grads = torch.autograd.grad(loss, weights)
        outputs = [inputs[name] for name in called[1:]] + [y]
        per_seed.append({"gradientRms": [rms(grad) for grad in grads], "activationRms": [rms(out) for out in outputs]})
        if names is not None and names != called:
            raise ValueError(f"{path}: forward order differs between seeds")
        names = called

    def mean(key):
        return [sum(run[key][i] for run in per_seed) / len(per_seed) for i in range(len(names))]

    return {"seeds": seeds, "batch": batch, "layers": names, "gradientRms": mean("gradientRms"), "activationRms": mean("activationRms"), "perSeed": per_seed}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fixtures", nargs="+")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--gradient", action="append", default=[])
    parser.add_argument("--gradient-seeds", default="0,1,2")
    parser.add_argument("--batch", type=int, default=128)
    args = parser.parse_args()
    torch.set_num_threads(1)
    seeds = [int(s) for s in args.gradient_seeds.split(",")]
    results = []
    for path in dict.fromkeys(args.fixtures + args.gradient):
        entry = {"path": path}
        try:
            torch.manual_seed(args.seed)
            model = load_model(path)
            entry["modelClass"] = type(model).__name__
            entry["weights"] = weight_rows(model)
            if path in args.gradient:
                entry["gradients"] = gradient_profile(path, seeds, args.batch)
        except Exception as error:  # reported per fixture: one broken file never hides the others
            entry["error"] = f"{type(error).__name__}: {error}"
        results.append(entry)
    json.dump({"torch": torch.__version__, "seed": args.seed, "variance": "population (ddof=0), float64", "fixtures": results}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

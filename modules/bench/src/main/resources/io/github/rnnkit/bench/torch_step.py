"""PyTorch peer for `rnnkit bench kernels`: times the same training step as rnnkit's StepBenchmark.

Reads one JSON request per line on stdin, {"gemm": n, "reps": R} for a float32 GEMM, or {"cell": "LSTM"|"GRU"|"SIMPLE_RNN", "shape": [nIn, H, T, B],
"work": "STEP"|"LAYER", "warmup": W, "reps": R, "seed": S}, and answers one JSON line with the times in milliseconds.
STEP: one-hot input [T, B, nIn] -> nn.LSTM / nn.GRU / nn.RNN(tanh) of H -> Linear(H, nIn) -> cross-entropy
over every step, backward, Adam(1e-3) step; float32.
LAYER: the bare layer, forward and backward from a fixed random upstream gradient, into its weights, biases
and its (random normal) input.
GENERATE: T successive one-step calls (layer, linear, softmax) with the state carried, no gradients.
SEQUENCE: one call over the whole sequence (layer, linear, softmax), no gradients. Run it with Debian's /usr/bin/python3, with
OMP_WAIT_POLICY=PASSIVE in its environment; it uses 2 threads (../shared/BENCHMARKS.md).
"""
import ctypes
import json
import sys
import time

import torch

torch.set_num_threads(2)
CELLS = {"LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU, "SIMPLE_RNN": torch.nn.RNN}


def hello():
    """Versions, threads, the BLAS library actually mapped into this process and the OpenBLAS kernel it runs."""
    blas = "unknown"
    core = "unknown"
    try:
        with open("/proc/self/maps") as maps:
            libs = sorted({line.split()[-1] for line in maps if "blas" in line.split()[-1]})
        if libs:
            blas = ", ".join(libs)
        for lib in libs:
            if "libopenblas" in lib:
                name = ctypes.CDLL(lib).openblas_get_corename
                name.restype = ctypes.c_char_p
                core = name().decode()
    except (OSError, AttributeError):
        pass
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas, "core": core}


def gemm(req):
    """Milliseconds of n x n x n float32 matrix products (the machine's practical limit, 2 threads)."""
    n = req["gemm"]
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    for _ in range(2):
        torch.mm(a, b)
    times = []
    for _ in range(req.get("reps", 5)):
        t0 = time.perf_counter()
        torch.mm(a, b)
        times.append((time.perf_counter() - t0) * 1000.0)
    return {"ms": times}


def run(req):
    if "gemm" in req:
        return gemm(req)
    n_in, hidden, steps, batch = req["shape"]
    torch.manual_seed(req.get("seed", 1))
    rnn = CELLS[req["cell"]](n_in, hidden)
    out = torch.nn.Linear(hidden, n_in)
    opt = torch.optim.Adam(list(rnn.parameters()) + list(out.parameters()), lr=1e-3)
    ids = torch.randint(n_in, (steps, batch))
    x = torch.nn.functional.one_hot(ids, n_in).float()
    y = torch.randint(n_in, (steps, batch))

    def step():
        opt.zero_grad(set_to_none=True)
        h, _ = rnn(x)
        loss = torch.nn.functional.cross_entropy(out(h).reshape(-1, n_in), y.reshape(-1))
        loss.backward()
        opt.step()

    if req.get("work", "STEP") == "LAYER":
        xl = torch.randn(steps, batch, n_in, requires_grad=True)
        upstream = torch.randn(steps, batch, hidden)

        def step():  # noqa: F811 - the bare layer replaces the training step
            rnn.zero_grad(set_to_none=True)
            xl.grad = None
            h, _ = rnn(xl)
            h.backward(upstream)

    if req.get("work", "STEP") == "GENERATE":
        def step():  # noqa: F811 - generation replaces the training step
            with torch.no_grad():
                state = None
                for t in range(steps):
                    h, state = rnn(x[t:t + 1], state)
                    torch.softmax(out(h), -1)

    if req.get("work", "STEP") == "SEQUENCE":
        def step():  # noqa: F811 - inference on the whole sequence replaces the training step
            with torch.no_grad():
                h, _ = rnn(x)
                torch.softmax(out(h), -1)

    for _ in range(req.get("warmup", 2)):
        step()
    times = []
    for _ in range(req.get("reps", 5)):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000.0)
    return {"ms": times}


def main():
    print(json.dumps(hello()), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            print(json.dumps(run(json.loads(line))), flush=True)
        except Exception as e:  # noqa: BLE001 - reported to the Java side
            print(json.dumps({"error": repr(e)}), flush=True)


if __name__ == "__main__":
    main()

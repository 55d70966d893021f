#!/usr/bin/python3
"""Generates an example model directory in the Hugging Face layout: README.md with a
`license:` front matter, config.json, tokenizer.json, and safetensors weights (valid header +
deterministic pseudo-random tensor bytes). Standard library only.

usage: make-model.py DIR [--license mit] [--weights-mib 8] [--shards 1] [--small-files 0]
"""
import argparse, hashlib, json, os, struct, sys

def pseudo_random_bytes(seed: bytes, size: int, out):
    block = hashlib.sha512(seed).digest() * 1024  # 64 KiB pattern, varied per block below
    written, counter = 0, 0
    while written < size:
        n = min(len(block), size - written)
        prefix = counter.to_bytes(8, "little")
        out.write(prefix[: min(8, n)] + block[8:n] if n > 8 else prefix[:n])
        written += n
        counter += 1

def write_safetensors(path: str, size: int, seed: str):
    n_floats = max(1, size // 4)
    header = {"__metadata__": {"format": "pt"},
              "model.weight": {"dtype": "F32", "shape": [n_floats], "data_offsets": [0, n_floats * 4]}}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        pseudo_random_bytes(seed.encode(), n_floats * 4, f)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--license", default="mit")
    ap.add_argument("--weights-mib", type=int, default=8)
    ap.add_argument("--shards", type=int, default=1)
    ap.add_argument("--small-files", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    with open(os.path.join(a.dir, "README.md"), "w") as f:
        f.write(f"---\nlicense: {a.license}\nlibrary_name: transformers\npipeline_tag: text-classification\n"
                "datasets:\n- example/tiny-corpus\ntags:\n- example\n---\n\n# tiny-bert\n\n"
                "A tiny generated example model for attestfs demos and tests.\n")
    with open(os.path.join(a.dir, "config.json"), "w") as f:
        json.dump({"model_type": "bert", "architectures": ["BertForSequenceClassification"],
                   "hidden_size": 64, "num_attention_heads": 2, "num_hidden_layers": 2, "vocab_size": 128}, f, indent=2)
    with open(os.path.join(a.dir, "tokenizer.json"), "w") as f:
        json.dump({"version": "1.0", "model": {"type": "WordPiece",
                   "vocab": {f"tok{i}": i for i in range(128)}}}, f)
    per_shard = a.weights_mib * (1 << 20) // a.shards
    if a.shards == 1:
        write_safetensors(os.path.join(a.dir, "model.safetensors"), per_shard, "w0")
    else:
        for i in range(a.shards):
            write_safetensors(os.path.join(a.dir, f"model-{i+1:05d}-of-{a.shards:05d}.safetensors"), per_shard, f"w{i}")
    if a.small_files:
        d = os.path.join(a.dir, "extra")
        os.makedirs(d, exist_ok=True)
        for i in range(a.small_files):
            with open(os.path.join(d, f"part-{i:05d}.txt"), "w") as f:
                f.write(f"small file {i}\n" * (1 + i % 50))
    return 0

if __name__ == "__main__":
    sys.exit(main())

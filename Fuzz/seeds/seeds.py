"""Writes the fuzz seed corpus: small valid files of every format the project reads.

Usage: seeds.py SYNTH_DIR STORE_DIR CORPUS_DIR (see make-seeds.sh). Each seed is small (libFuzzer
mutates small inputs fastest); multi-file targets join their files with a NUL byte, as
Fuzz/Targets/FuzzInput.split expects.
"""
import gzip, hashlib, io, json, os, pickle, struct, sys, tarfile, zipfile
import numpy as np

synth, store, corpus = sys.argv[1:4]
ptbxl = os.path.join(synth, "ptbxl")


def put(target, name, data):
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def read(path):
    with open(path, "rb") as f:
        return f.read()


# --- experiment files: the checked-in ones (the paper configs and the demo) ---
for folder in ["experiments", "experiments/paper"]:
    for name in sorted(os.listdir(folder)):
        if name.endswith(".yaml"):
            put("yaml", name, read(os.path.join(folder, name)))
put("yaml", "sweep.yaml", "name: s\nmethod: simclr\ndata: {downstream: d, pretrain: [u]}\n"
    "pretrain:\n  trafos: [RRC, TO]\n  epochs: 5\n  warmup_epochs: 1\n"
    "sweep:\n  grid:\n    seed: [1, 2]\n    pretrain.lr: [0.1, 0.01]\n"
    "  zip:\n    evaluation.bootstrap: [10, 20]\n    pretrain.trafos[0]: [GN, {TimeOut: {crop_ratio_range: [0.1, 0.3]}}]\n")
put("yaml", "cases.yaml", "name: c\nmethod: cpc\ndata:\n  downstream: &d data/x\n  pretrain: [*d]\nruntime: {threads: 2}\n"
    "sweep:\n  cases:\n    - {model.cpc.layers: 2}\n    - {evaluation.finetune: off, evaluation.linear_eval: {epochs: 3}}\n")


# --- WFDB: synthetic records cut to 40 frames (checksums recomputed) ---
def short_record(stem, frames=40, fmt=None):
    header = read(stem + ".hea").decode().splitlines()
    dat = read(stem + ".dat")
    nsig = int(header[0].split()[1])
    samples = np.frombuffer(dat, dtype="<i2")[: frames * nsig].reshape(frames, nsig)
    rec = header[0].split()
    rec[3] = str(frames)
    lines = [" ".join(rec)]
    for k, line in enumerate(header[1 : 1 + nsig]):
        f = line.split()
        f[6] = str(int(np.int16(samples[:, k].astype(np.int64).sum() & 0xFFFF).astype(np.int16)))
        if fmt:
            f[1] = fmt
        lines.append(" ".join(f))
    lines += header[1 + nsig :]
    return ("\n".join(lines) + "\n").encode(), samples.astype("<i2").tobytes()


records = sorted(p[:-4] for p in os.listdir(os.path.join(ptbxl, "records100/00000")) if p.endswith(".hea"))
for r in records[:3]:
    stem = os.path.join(ptbxl, "records100/00000", r)
    h, d = short_record(stem)
    put("wfdb_header", r + ".hea", h)
    put("wfdb_record", r, h + b"\0" + d)
first_unlabeled = read(os.path.join(synth, "unlabeled", "RECORDS")).decode().split()[0]
put("wfdb_header", "unlabeled.hea", read(os.path.join(synth, "unlabeled", first_unlabeled + ".hea")))
put("wfdb_header", "multi.hea",
    "m 2 500/1000(0) 8\n# comment\nm.dat 212x2+16 200(-3)/uV 12 0 5 1234 0 II\nm.dat 212x2 200/mV 12 0 -5 0 0 V1 # trailing\n#Dx: 426783006\n")
# Other storage formats over the same 40 frames: 8-bit difference, 24/32-bit, 212 packing.
h, d = short_record(os.path.join(ptbxl, "records100/00000", records[0]), frames=4)
put("wfdb_record", "fmt80", h.replace(b".dat 16 ", b".dat 80 ") + b"\0" + bytes(48))
put("wfdb_record", "fmt212", h.replace(b".dat 16 ", b".dat 212 ") + b"\0" + bytes(72))
put("wfdb_record", "fmt8", b"r 2 100 3\nr.dat 8 200 8 0 1 0 0 I\nr.dat 8 200 8 0 -1 0 0 II\n\0" + bytes([1, 255, 2, 254, 3, 253]))
put("wfdb_record", "fmt24", b"r 1 100 2\nr.dat 24 200 24 0 0 0 0 V1\n\0" + bytes(range(6)))
put("wfdb_record", "fmt32", b"r 1 100 2\nr.dat 32 200 32 0 0 0 0 V2\n\0" + bytes(range(8)))
put("wfdb_record", "fmt61x2", b"r 1 100 2\nr.dat 61x2 200 16 0 0 0 0 V3\n\0" + bytes(range(8)))


# --- MAT v4 (CinC): a 12 x 8 double and an int16 matrix ---
def mat4(values, name=b"val", precision=0):
    rows, cols = values.shape
    dtype = {0: "<f8", 1: "<f4", 2: "<i4", 3: "<i2", 4: "<u2", 5: "u1"}[precision]
    head = struct.pack("<5i", precision * 10, rows, cols, 0, len(name) + 1) + name + b"\0"
    return head + values.T.astype(dtype).tobytes()


sig = (np.arange(96).reshape(12, 8) - 40)
put("mat", "double.mat", mat4(sig))
put("mat", "int16.mat", mat4(sig, precision=3))
put("mat", "uint8.mat", mat4(np.abs(sig)[:2], precision=5))
put("mat", "bigendian.mat", struct.pack(">5i", 1000, 1, 2, 0, 2) + b"x\0" + np.array([1.5, -2], ">f8").tobytes())
leads = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
cinc_header = "A0001 12 500 8 05-Feb-2020 11:39:16\n" + "".join(
    f"A0001.mat 16+24 1000/mV 16 0 {sig[k, 0]} {int(sig[k].sum())} 0 {l}\n" for k, l in enumerate(leads)
) + "#Age: 74\n#Sex: Male\n#Dx: 59118001,164884008\n#Rx: Unknown\n"
put("cinc", "A0001", cinc_header.encode() + b"\0" + mat4(sig, precision=3))


# --- PTB-XL CSVs and scp_codes literals ---
db = read(os.path.join(ptbxl, "ptbxl_database.csv"))
st = read(os.path.join(ptbxl, "scp_statements.csv"))
db_lines = db.split(b"\n")
small_db = b"\n".join(db_lines[:5]) + b"\n"
put("csv", "ptbxl_database.csv", small_db)
put("csv", "scp_statements.csv", st)
put("csv", "quoted.csv", 'a,b,"c\nd"\n1,"x,y","he said ""hi"""\r\n2,,\n')
put("scp_statements", "scp_statements.csv", st)
put("ptbxl_database", "synthetic", small_db + b"\0" + st)
put("ptbxl_database", "pandas-floats", db_lines[0] + b"\n" + db_lines[1].replace(b"1,1.0,", b"1.0,7,", 1) + b"\n\0" + st)
for i, text in enumerate(["{'NORM': 100.0, 'SR': 0.0}", "{}", '{"IMI": 15.0, \'LNGQT\': 1e2,}', "{'A': -0.5e-3 }"]):
    put("scp_codes", f"codes{i}", text)


# --- Chapman/Zheng ---
zheng_diag = "FileName,Rhythm,Beat,PatientAge\nMUSE_1,SB,TWC LVH,85\nMUSE_2,AFIB,NONE,59\n"
zheng_rec = ",".join(leads) + "\n" + "".join(",".join(str(v * 4.88) for v in row) + "\n" for row in sig.T[:6])
put("zheng", "with-header", (zheng_diag + "\0" + zheng_rec).encode())
put("zheng", "no-header", (zheng_diag + "\0" + "".join(",".join(str(v) for v in row) + "\n" for row in sig.T[:3])).encode())


# --- PyTorch checkpoints: torch.save zips; their data.pkl for the pickle VM ---
import torch
from collections import OrderedDict

state = OrderedDict([("conv.weight", torch.arange(12, dtype=torch.float32).reshape(3, 4)),
                     ("bn.num_batches_tracked", torch.tensor(5)),
                     ("fc.bias", torch.arange(16, dtype=torch.float32)[::2])])
lightning = {"epoch": 3, "global_step": 120, "state_dict": state, "hyper_parameters": {"lr": 0.001, "name": "x", "flags": [True, None]}}
for name, obj in [("state_dict", state), ("lightning", lightning)]:
    buf = io.BytesIO()
    torch.save(obj, buf)
    put("torch_checkpoint", name + ".pt", buf.getvalue())


def data_pkl(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        return z.read([n for n in z.namelist() if n.endswith("/data.pkl")][0])


# The pickle target serves storages "0".."3" of 64 bytes each: 16 float32 or 8 int64 elements.
small = OrderedDict([("w", torch.zeros(4, 4)), ("b", torch.zeros(16)[1:9:2]), ("bn.num_batches_tracked", torch.arange(8)[3])])
put("pickle", "state_dict.pkl", data_pkl(small))
put("pickle", "lightning.pkl", data_pkl({"epoch": 3, "state_dict": small, "hyper_parameters": {"lr": 0.001, "flags": [True, None]}}))
put("pickle", "parameter.pkl", data_pkl({"p": torch.nn.Parameter(torch.ones(2, 8).t())}))
put("pickle", "plain-containers.pkl", pickle.dumps({"a": [1, 2.5, "x", b"y", None, True, (1, 2, 3)], "big": 2**40, "neg": -7}, protocol=2))
put("pickle", "protocol4.pkl", pickle.dumps([{"k": (1,)}, "é" * 3, 1 << 70 >> 10], protocol=4))


# --- archives ---
def zip_bytes(members, method):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for n, d in members:
            z.writestr(n, d)
    return buf.getvalue()


members = [("ds/scp_statements.csv", st[:300]), ("ds/records/a.hea", b"a 1 100 2\na.dat 16 200 16 0 0 0 0 I\n"), ("ds/sub/", b"")]
put("zip", "stored.zip", zip_bytes(members, zipfile.ZIP_STORED))
put("zip", "deflated.zip", zip_bytes(members, zipfile.ZIP_DEFLATED))
put("zip", "checkpoint.pt", read(os.path.join(corpus, "torch_checkpoint", "state_dict.pt")))
z64 = io.BytesIO()
with zipfile.ZipFile(z64, "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("big.bin", "w", force_zip64=True) as f:
        f.write(b"z" * 100)
put("zip", "zip64.zip", z64.getvalue())


def tar_bytes(fmt, long=False):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        d = tarfile.TarInfo("ds")
        d.type = tarfile.DIRTYPE
        t.addfile(d)
        for n, data in members[:2]:
            info = tarfile.TarInfo(("x" * 120 + "/" if long else "") + n)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("ds/link")
        link.type = tarfile.SYMTYPE
        link.linkname = "records/a.hea"
        t.addfile(link)
    return buf.getvalue()


for name, fmt, long in [("ustar", tarfile.USTAR_FORMAT, False), ("gnu-long", tarfile.GNU_FORMAT, True), ("pax-long", tarfile.PAX_FORMAT, True)]:
    put("tar", name + ".tar", tar_bytes(fmt, long))
    put("targz", name + ".tar.gz", gzip.compress(tar_bytes(fmt, long), mtime=0))
put("targz", "two-members.tar.gz", gzip.compress(tar_bytes(tarfile.USTAR_FORMAT)[:1536], mtime=0)
    + gzip.compress(tar_bytes(tarfile.USTAR_FORMAT)[1536:], mtime=0))


# --- safetensors, npy, npz ---
def safetensors(tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, arr in tensors.items():
        b = arr.tobytes()
        header[name] = {"dtype": {"float32": "F32", "int64": "I64"}[str(arr.dtype)], "shape": list(arr.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    if metadata:
        header["__metadata__"] = metadata
    js = json.dumps(header, sort_keys=True).encode()
    js += b" " * (-len(js) % 8)
    return struct.pack("<Q", len(js)) + js + b"".join(blobs)


put("safetensors", "model.safetensors", safetensors({"enc.w": np.arange(6, dtype="<f4").reshape(2, 3), "enc.b": np.zeros(3, "<f4")}, {"step": "7"}))
put("safetensors", "counter.safetensors", safetensors({"bn.num_batches_tracked": np.array([5], "<i8"), "scalar": np.array(1.5, "<f4")}))
# --- encoder: checkpoints whose backbone `export embeddings` rebuilds from the shapes ---
def conv_bn(t, prefix, cin, cout, k, conv_bias=False):
    t[prefix + ".0.weight"] = np.full((cout, cin, k), 0.01, "<f4")
    if conv_bias:
        t[prefix + ".0.bias"] = np.zeros(cout, "<f4")
    for name in ["weight", "running_var"]:
        t[f"{prefix}.1.{name}"] = np.ones(cout, "<f4")
    for name in ["bias", "running_mean"]:
        t[f"{prefix}.1.{name}"] = np.zeros(cout, "<f4")
    t[prefix + ".1.num_batches_tracked"] = np.array(0, "<i8")


def rnn(t, gates, hidden, inputs, layers):
    for k in range(layers):
        t[f"rnn.weight_ih_l{k}"] = np.full((gates * hidden, inputs if k == 0 else hidden), 0.1, "<f4")
        t[f"rnn.weight_hh_l{k}"] = np.full((gates * hidden, hidden), 0.1, "<f4")
        t[f"rnn.bias_ih_l{k}"] = np.zeros(gates * hidden, "<f4")
        t[f"rnn.bias_hh_l{k}"] = np.zeros(gates * hidden, "<f4")


def xresnet18(leads, k, width):
    """xresnet1d18 (basic blocks, 2 per stage) at int(64 · widen) = width, kernel k."""
    t = {}
    conv_bn(t, "encoder.features.0", leads, 32, k, conv_bias=True)
    conv_bn(t, "encoder.features.1", 32, 32, k)
    conv_bn(t, "encoder.features.2", 32, 64, k)
    channels = 64
    for stage in range(4):
        for block in range(2):
            p = f"encoder.features.{4 + stage}.{block}"
            strided = block == 0 and stage > 0
            conv_bn(t, p + ".convs.0", channels, width, k)
            conv_bn(t, p + ".convs.1", width, width, k)
            if channels != width:
                conv_bn(t, p + f".idpath.{1 if strided else 0}", channels, width, 1)
            channels = width
    return t


cpc = {}
for i in range(4):
    conv_bn(cpc, f"encoder.{i}", 12 if i == 0 else 4, 4, 1)
rnn(cpc, 4, 4, 4, 2)
cpc["proj.weight"] = np.zeros((4, 4), "<f4")
put("encoder", "cpc-fc-lstm4.safetensors", safetensors(cpc))
gru = {}
rnn(gru, 3, 3, 2, 1)
put("encoder", "cpc-no-encoder-gru3.safetensors", safetensors(gru))
put("encoder", "xresnet1d18-k1-width4.safetensors", safetensors(xresnet18(12, 1, 4)))

meta = {"epoch": 1, "step": 3, "totalSteps": 10, "optimizerSteps": 3, "rng": {"state": [1, 2, 3, 4], "spareNormal": 0.25}}
put("training_state", "adam-empty.safetensors", safetensors({}, {"step": "3", "training_state": json.dumps(meta)}))
put("training_state", "with-optimizer.safetensors",
    safetensors({"optimizer.0.exp_avg": np.zeros(2, "<f4"), "head.w": np.zeros(2, "<f4")}, {"step": "3", "training_state": json.dumps(meta)}))
for name, arr in [("f4", np.arange(6, dtype="<f4").reshape(2, 3)), ("f8", np.array([1.5, -2.0])), ("i8", np.arange(3, dtype="<i8")),
                  ("i4", np.arange(4, dtype="<i4").reshape(2, 1, 2)), ("b1", np.array([True, False])), ("U", np.array(["NORM", "IMI", "é"])),
                  ("scalar", np.array(3.0, "<f4")), ("empty", np.zeros((0, 3), "<f4"))]:
    buf = io.BytesIO()
    np.save(buf, arr)
    put("npy", name + ".npy", buf.getvalue())
buf = io.BytesIO()
np.savez(buf, x=np.arange(4, dtype="<f4"), labels=np.array(["a", "bc"]))
put("npz", "savez.npz", buf.getvalue())
buf = io.BytesIO()
np.savez_compressed(buf, embeddings=np.ones((2, 3), "<f4"), ids=np.arange(2, dtype="<i8"))
put("npz", "compressed.npz", buf.getvalue())


# --- the project's own files: cache manifest, store index, Ribeiro HDF5 ---
manifest = {"key": "ab" + "0" * 62, "kind": "preprocess", "label": "preprocess ptbxl", "version": 1,
            "fields": {"dataset": "ptbxl", "rate": "100"}, "upstream": {"data": "cd" + "1" * 62},
            "artifacts": [{"path": "a.bin", "size": 3, "sha256": hashlib.sha256(b"abc").hexdigest()}],
            "experiment": "demo.yaml (demo)", "created": "2026-01-01T00:00:00Z", "host": "h", "pid": 42, "seconds": 1.5}
put("manifest", "manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
manifest["artifacts"] = [{"path": "a.bin", "size": 3, "sha256": "0" * 64}, {"path": "sub/missing.npy", "size": 0, "sha256": ""}]
put("manifest", "mismatch.json", json.dumps(manifest, sort_keys=True))
index = json.loads(read(os.path.join(store, "index.json")))
index["records"] = index["records"][:2]
for k, r in enumerate(index["records"]):
    r["offset"], r["length"] = 2 * k, 2
put("store", "index-4-rows.json", json.dumps(index, sort_keys=True))
sig_npy = read(os.path.join(store, "signals.npy"))[:128]
put("store", "with-signals", json.dumps(index, sort_keys=True).encode() + b"\0"
    + sig_npy.replace(b"(12000, 12)", b"(4, 12)    ") + bytes(4 * 12 * 4))

import h5py
h5 = io.BytesIO()
with h5py.File(h5, "w") as f:
    x = np.zeros((3, 8, 12), "<f4")
    x[:, 2:6, :] = np.arange(12, dtype="<f4")
    f.create_dataset("tracings", data=x)
gold = "1dAVb,RBBB,LBBB,SB,AF,ST\n0,1,0,0,0,0\n1,0,0,0,0,1.0\n0,0,0,0,0,0\n"
put("ribeiro", "code-3", gold.encode() + b"\0" + h5.getvalue())
put("ribeiro", "no-labels", b"\0" + h5.getvalue())

import TensorCore

// Benchmarks print figures; run in release mode: `swift build -c release --product bench`.
// `bench` runs everything; `bench <name>...` runs the named ones.
let benchmarks: [(String, () throws -> Void)] = [
    ("sgemm", benchSgemm),
    ("conv", { benchConv() }),
    ("block", { benchBlock() }),
    ("lstm", { benchLSTM() }),
    ("conv-chunking", benchConvChunking),
    ("augment", runAugmentBenchmarks),
    ("models", { benchModels() }),
    ("cpc-demo", { benchCPCDemo() }),
    ("datasets", { runDatasetBenchmarks() }),
]
let requested = Set(CommandLine.arguments.dropFirst())
for (name, run) in benchmarks where requested.isEmpty ? name != "conv-chunking" : requested.contains(name) { try run() }

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
    ("inference", { benchInference() }),
    ("datasets", { runDatasetBenchmarks() }),
]
// `models` and `inference` take the rest of the line as what to time (`bench models cpc-demo`
// is the CPC step alone, not also the `cpc-demo` benchmark).
let arguments = Array(CommandLine.arguments.dropFirst())
let takesSelectors = arguments.first.map { ["models", "inference"].contains($0) } ?? false
let requested: Set<String> = takesSelectors ? [arguments[0]] : Set(arguments)
for (name, run) in benchmarks where requested.isEmpty ? name != "conv-chunking" : requested.contains(name) { try run() }

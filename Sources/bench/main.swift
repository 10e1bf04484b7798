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
    ("cpc-demo", { benchCPCDemo() }),
    ("datasets", { runDatasetBenchmarks() }),
]
// These take the rest of the line as what to time: `bench models cpc-demo` is the CPC step
// alone, not also the `cpc-demo` benchmark.
let selecting: [(String, ([String]) -> Void)] = [
    ("models", { benchModels(only: $0) }),
    ("inference", { benchInference(only: $0) }),
]
let arguments = Array(CommandLine.arguments.dropFirst())
if let first = arguments.first, let (_, run) = selecting.first(where: { $0.0 == first }) {
    run(Array(arguments.dropFirst()))
} else {
    let requested = Set(arguments)
    for (name, run) in benchmarks where requested.isEmpty ? name != "conv-chunking" : requested.contains(name) { try run() }
    for (_, run) in selecting where requested.isEmpty { run([]) }
}

// swift-tools-version:5.9
import PackageDescription

// Numeric modules are optimized in debug builds too, so the (debug) test suite can train small
// models in seconds; release builds drop bounds checks in the kernels.
let optimizedEvenInDebug: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "ECGSSL",
    products: [
        .executable(name: "runexp", targets: ["runexp"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // System libraries (installed by the Makefile through apt-get).
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5",
                       providers: [.apt(["libhdf5-dev"])]),

        // Numeric core: tensors, kernels, autograd tape, optimizers, seeded RNG.
        .target(name: "TensorCore", dependencies: ["COpenBLAS"], swiftSettings: optimizedEvenInDebug),
        // The ten ECG augmentations.
        .target(name: "Augment", dependencies: ["TensorCore"], swiftSettings: optimizedEvenInDebug),
        // Dataset formats, ingest, the preprocessed store, windows, synthetic default.
        .target(name: "Datasets", dependencies: ["TensorCore", "CHDF5"], swiftSettings: optimizedEvenInDebug),
        // Layers, xresnet1d, CPC, SSL objectives, checkpoints.
        .target(name: "Models", dependencies: ["TensorCore"], swiftSettings: optimizedEvenInDebug),
        // Evaluation metrics: ROC-AUC, bootstrap intervals, per-record aggregation.
        .target(name: "Metrics", dependencies: ["TensorCore"], swiftSettings: optimizedEvenInDebug),
        // Results tables (markdown, CSV) and SVG charts.
        .target(name: "Report", dependencies: ["Metrics"]),
        // Python-world files: PyTorch checkpoints, zip/tar.gz archives, npz.
        .target(name: "Interop", dependencies: ["CZlib", "TensorCore", "Models", "Datasets"]),
        // YAML experiment files → typed, validated specs.
        .target(name: "ExperimentSpec", dependencies: ["Yams", "Augment"]),
        // Stage graph, cache, execution, reports.
        .target(name: "Pipeline", dependencies: ["ExperimentSpec", "Datasets", "Models", "Augment", "Metrics", "Report",
                                                 "Interop", "TensorCore", "CCrypto"]),
        .executableTarget(name: "runexp", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "Pipeline", "ExperimentSpec", "Datasets", "Models", "Augment", "Interop", "TensorCore",
        ]),
        // Release-mode benchmarks that print figures (never timed unit tests).
        // Fuzz targets: each parser entry point as bytes → parse; shared by the libFuzzer driver
        // (scripts/fuzz.sh builds it with -D FUZZING) and the replay tests.
        .target(name: "FuzzTargets", dependencies: ["ExperimentSpec", "Datasets", "Interop", "Models", "Pipeline", "TensorCore"],
                path: "Fuzz/Targets"),
        .executableTarget(name: "fuzz", dependencies: ["FuzzTargets"], path: "Fuzz/Driver"),
        .executableTarget(name: "bench", dependencies: ["TensorCore", "Models", "Augment", "Datasets"],
                          swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),

        // Shared test helpers: finite-difference gradient checks, the Python oracle runner.
        .target(name: "TestSupport", dependencies: ["TensorCore"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "TestSupport"]),
        .testTarget(name: "AugmentTests", dependencies: ["Augment", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "TestSupport"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report"]),
        .testTarget(name: "InteropTests", dependencies: ["Interop", "TestSupport"]),
        .testTarget(name: "ExperimentSpecTests", dependencies: ["ExperimentSpec", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "TestSupport"]),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzTargets"]),
    ]
)

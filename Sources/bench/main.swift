import TensorCore
try runAugmentBenchmarks()

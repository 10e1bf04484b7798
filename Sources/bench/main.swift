import TensorCore
runDatasetBenchmarks()

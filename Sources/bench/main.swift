import TensorCore
print("bench: no benchmarks yet")

import Foundation
import TensorCore

/// sgemm 1024³ GFLOP/s on one core (one OpenBLAS call) and on all cores (column split).
func benchSgemm() {
    let n = 1024
    var g = SeededGenerator(seed: 1)
    let a = Tensor.normal([n, n], using: &g), b = Tensor.normal([n, n], using: &g)
    var c = [Float](repeating: 0, count: n * n)
    let flops = 2.0 * Double(n * n * n)
    a.scalars.withUnsafeBufferPointer { ap in
        b.scalars.withUnsafeBufferPointer { bp in
            c.withUnsafeMutableBufferPointer { cp in
                let one = measure {
                    BLAS.gemm(m: n, n: n, k: n, a: ap.baseAddress!, lda: n, b: bp.baseAddress!, ldb: n, c: cp.baseAddress!, ldc: n)
                }
                let all = measure {
                    BLAS.parallelGemm(m: n, n: n, k: n, a: ap.baseAddress!, lda: n, b: bp.baseAddress!, ldb: n, c: cp.baseAddress!, ldc: n)
                }
                print(String(format: "sgemm 1024^3  1 thread: %6.1f GFLOP/s   %d threads: %6.1f GFLOP/s  (per core-s of CPU: %6.1f / %6.1f)",
                             flops / one.wall / 1e9, Parallel.maxThreads, flops / all.wall / 1e9, flops / one.cpu / 1e9, flops / all.cpu / 1e9))
            }
        }
    }
}

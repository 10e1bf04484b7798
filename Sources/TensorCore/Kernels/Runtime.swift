import COpenBLAS

@_silgen_name("mallopt") private func c_mallopt(_ param: Int32, _ value: Int32) -> Int32

/// Process-wide settings the kernels rely on, applied once before the first GEMM.
///
/// - OpenBLAS runs single-threaded: the core splits work over the cores itself.
/// - glibc malloc keeps freed blocks up to 32 MB in its heap instead of returning them to the
///   kernel: a training step allocates and frees hundreds of activation-sized arrays, and
///   re-faulting their pages cost ~12 % of an xresnet1d50 step (measured: system time 1.6 s →
///   0.45 s over four steps).
enum Runtime {
    static let configured: Void = {
        openblas_set_num_threads(1)
        _ = c_mallopt(-3, 32 << 20)   // M_MMAP_THRESHOLD: blocks below 32 MB come from the heap
        _ = c_mallopt(-1, Int32.max)  // M_TRIM_THRESHOLD: never shrink the heap
    }()
}

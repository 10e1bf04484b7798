import COpenBLAS

@_silgen_name("mallopt") private func c_mallopt(_ param: Int32, _ value: Int32) -> Int32

/// Process-wide settings the kernels rely on, applied once before the first GEMM.
///
/// - OpenBLAS runs single-threaded: the core splits work over the cores itself.
/// - glibc malloc serves every block from its heap and keeps what is freed there instead of
///   returning it to the kernel: a training step allocates and frees hundreds of
///   activation-sized arrays, and re-faulting their pages cost ~12 % of an xresnet1d50 step
///   (measured: system time 1.6 s → 0.45 s over four steps). Blocks above glibc's largest mmap
///   threshold (32 MB) would still be mapped and unmapped on every use, so mmap is off
///   altogether: before, CPC's embedding pass (131 MB gate buffers) spent a quarter of its time
///   in page faults, and a SimCLR step at batch 4096 took twice as long, at the same peak memory.
enum Runtime {
    static let configured: Void = {
        openblas_set_num_threads(1)
        _ = c_mallopt(-4, 0)          // M_MMAP_MAX: no block is mapped on its own
        _ = c_mallopt(-1, Int32.max)  // M_TRIM_THRESHOLD: never shrink the heap
    }()
}

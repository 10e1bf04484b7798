import Glibc
@testable import TensorCore
import XCTest

final class RuntimeTests: XCTestCase {
    private func threadMinorFaults() -> Int {
        var usage = rusage()   // who 1: RUSAGE_THREAD (Linux), which Glibc does not import
        XCTAssertEqual(getrusage(__rusage_who_t(1), &usage), 0)
        return usage.ru_minflt
    }

    /// Writes one byte per page of a fresh `bytes`-sized block from malloc (as an array's storage comes), frees it, and returns the page
    /// faults the writes took.
    private func faultsTouching(_ bytes: Int) -> Int {
        let before = threadMinorFaults()
        guard let block = malloc(bytes) else { XCTFail("malloc(\(bytes)) failed"); return 0 }
        for offset in stride(from: 0, to: bytes, by: 4096) { block.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
        let faults = threadMinorFaults() - before
        free(block)
        return faults
    }

    /// A block far above glibc's largest mmap threshold (the size of CPC's gate buffers) is
    /// served again from the heap once freed, so its pages are faulted in once, not on every use.
    func testFreedLargeBlocksAreReusedWithoutPageFaults() {
        _ = Runtime.configured
        let bytes = 96 << 20, pages = bytes / 4096
        _ = faultsTouching(bytes)   // faults its pages in, unless the heap already held them
        let again = (0..<3).map { _ in faultsTouching(bytes) }
        for faults in again { XCTAssertLessThan(faults, pages / 20, "a reuse faulted \(faults) of \(pages) pages: \(again)") }
    }
}

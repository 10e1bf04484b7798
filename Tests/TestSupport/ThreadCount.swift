import XCTest
import TensorCore

/// The thread rule every parallel kernel keeps: chunk boundaries follow the problem size, never
/// the thread count, so `run` at 2, 3 and 4 threads (the last two oversubscribed on 2 cores)
/// gives the bits it gives at 1. Returns the 1-thread result.
@discardableResult
public func assertSameBitsAtEveryThreadCount<T: Equatable>(_ message: String = "", file: StaticString = #filePath, line: UInt = #line,
                                                           _ run: () throws -> T) rethrows -> T {
    let saved = Parallel.maxThreads
    defer { Parallel.maxThreads = saved }
    Parallel.maxThreads = 1
    let one = try run()
    for threads in 2...4 {
        Parallel.maxThreads = threads
        XCTAssertTrue(try run() == one, "\(message) \(threads) threads", file: file, line: line)
    }
    return one
}

/// Checks a shape or an argument in every build configuration.
///
/// Release builds compile the numeric modules with `-Ounchecked`, which removes `precondition`
/// and `assert` (and array bounds checks) but never `fatalError`: a kernel handed a bad shape
/// must stop with that message, not read past its buffers. The check is one branch per call,
/// made at operation entry, never per element.
@inline(__always)
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "",
                    file: StaticString = #fileID, line: UInt = #line) {
    if _slowPath(!condition()) { fatalError(message(), file: file, line: line) }
}

import Foundation

/// One parser entry point under fuzzing: a name (the folder under `Fuzz/corpus/`) and a body
/// that feeds the bytes to the parser. A thrown error is a correct rejection; only a trap, a
/// hang or a memory blow-up is a finding, so bodies swallow errors.
public struct FuzzTarget: Sendable {
    /// Folder name under `Fuzz/corpus`, `Fuzz/crashes` and `Fuzz/dict` (and the `FUZZ_TARGET` value).
    public let name: String
    /// Feeds one input to the parser; throws whatever the parser throws.
    public let body: @Sendable (Data) throws -> Void

    /// A target called `name` running `body`.
    public init(_ name: String, _ body: @escaping @Sendable (Data) throws -> Void) {
        self.name = name
        self.body = body
    }

    /// Runs one input; errors are the expected outcome for most inputs and are discarded.
    public func run(_ data: Data) {
        do { try body(data) } catch {}
    }
}

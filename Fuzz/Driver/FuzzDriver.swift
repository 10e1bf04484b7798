import Foundation
import FuzzTargets

// Built two ways. With `-D FUZZING -sanitize=fuzzer,address` (scripts/fuzz.sh) libFuzzer owns
// `main` and calls the entry point below; the target comes from $FUZZ_TARGET because one
// binary serves every target (one link instead of twenty). Without the flag (plain
// `swift build`) this is a replay tool: `fuzz <target> <file>...` runs files through a target.

#if FUZZING
private let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = FuzzCatalog.target(named: name) else {
        let names = FuzzCatalog.all.map(\.name).joined(separator: " ")
        FileHandle.standardError.write(Data("FUZZ_TARGET='\(name)' is not one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
    selected.run(data)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                             _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                             _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

// SwiftPM links debug executables with `main` aliased to `<module>_main` (so tests can import
// them), which hides libFuzzer's own `main`; this is that symbol, handing over to libFuzzer.
@_cdecl("fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { bytes, size in fuzzOneInput(bytes, size) }
}
#else
@main
enum FuzzReplay {
    static func main() {
        let args = CommandLine.arguments.dropFirst()
        guard let name = args.first, let target = FuzzCatalog.target(named: name) else {
            let names = FuzzCatalog.all.map(\.name).joined(separator: " ")
            print("usage: fuzz <target> <file>...  (targets: \(names))")
            exit(2)
        }
        for path in args.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("cannot read \(path)"); exit(2) }
            // Seeds should be accepted; saying why one is rejected keeps the corpus honest.
            do { try target.body(data); print("accepted \(path)") } catch { print("rejected \(path): \(error)") }
        }
    }
}
#endif

import Foundation
import TestSupport
import XCTest

/// Whether the oracle interpreter can import torch (the Makefile installs it only when a CPU
/// wheel is available); torch-built fixtures are skipped without it.
let torchAvailable: Bool = (try? PythonOracle.run("import torch")) != nil

/// Skips the calling test when torch is unavailable.
func requireTorch() throws {
    try XCTSkipUnless(torchAvailable, "torch is not importable by the oracle interpreter")
}

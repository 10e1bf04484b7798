import Archives
import Datasets
import Foundation
import TestSupport
import XCTest

/// Ingesting PTB-XL straight from its zip gives the same store as ingesting the unpacked folder.
final class ArchiveIngestTests: XCTestCase {
    func testZipOfSyntheticPTBXLIngestsToAByteIdenticalStore() throws {
        let dir = try makeTemporaryDirectory(self)
        let layout = try SyntheticDataset.generate(SyntheticDatasetOptions(records: 24, unlabeledRecords: 0, seed: 5),
                                                   into: dir.appendingPathComponent("synth"))
        // Pack the folder as PhysioNet does: one top-level folder, deflated entries.
        var zip = ZipWriter()
        let folder = DirectorySource(root: layout.ptbxl)
        let paths = try folder.files(withSuffix: "").filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.url(path).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        for path in paths {
            try zip.add(name: "ptb-xl-synthetic-1.0.1/" + path, data: try folder.data(at: path), method: .deflated)
        }
        let archive = dir.appendingPathComponent("ptbxl.zip")
        try zip.write(to: archive)

        let fromFolder = dir.appendingPathComponent("store-folder")
        let fromZip = dir.appendingPathComponent("store-zip")
        _ = try Ingest.run(Ingest.reader(.ptbxl, source: folder), format: .ptbxl, destination: fromFolder)
        _ = try Ingest.run(Ingest.reader(.ptbxl, source: try openDatasetSource(archive)), format: .ptbxl, destination: fromZip)
        let files = try FileManager.default.contentsOfDirectory(atPath: fromFolder.path).sorted()
        XCTAssertEqual(files, try FileManager.default.contentsOfDirectory(atPath: fromZip.path).sorted())
        XCTAssertTrue(files.contains(Store.signalFile) && files.contains(Store.indexFile), "\(files)")
        for file in files {
            XCTAssertEqual(try Data(contentsOf: fromFolder.appendingPathComponent(file)),
                           try Data(contentsOf: fromZip.appendingPathComponent(file)), file)
        }
        XCTAssertEqual(try Store(directory: fromZip).count, 24)

        // A download cut short fails naming the archive and the entry, and creates no store.
        let full = try Data(contentsOf: archive)
        let cut = dir.appendingPathComponent("cut.zip")
        try full.prefix(full.count / 2).write(to: cut)
        let cutStore = dir.appendingPathComponent("store-cut")
        assertThrows(try Ingest.run(Ingest.reader(.ptbxl, source: try openDatasetSource(cut)), format: .ptbxl, destination: cutStore),
                     mentioning: [cut.path, "entry 'ptb-xl-synthetic-1.0.1/records100/", "truncated archive"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: cutStore.path))
    }
}
